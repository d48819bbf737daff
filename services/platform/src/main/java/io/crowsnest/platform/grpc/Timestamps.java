package io.crowsnest.platform.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** protobuf Timestamp and java.time.Instant, both UTC instants. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static Timestamp of(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
