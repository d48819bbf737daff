package io.crowsnest.platform.grpc;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;

import io.crowsnest.platform.errors.Refusal;

/** protobuf Timestamp and java.time.Instant, both UTC instants. */
public final class Timestamps {

    /** 0001-01-01T00:00:00Z, the earliest instant a google.protobuf.Timestamp may hold. */
    static final long MIN_SECONDS = -62_135_596_800L;
    /** 9999-12-31T23:59:59Z, the latest. */
    static final long MAX_SECONDS = 253_402_300_799L;

    private Timestamps() {
    }

    /**
     * The instant of a timestamp; one outside what google.protobuf.Timestamp allows (years 1 to
     * 9999, nanos 0 to 999,999,999) is refused as INVALID_ARGUMENT TIMESTAMP_OUT_OF_RANGE.
     */
    public static Instant instant(Timestamp t) {
        return instant(t, null);
    }

    /** As {@link #instant(Timestamp)}, naming the request field in the refusal. */
    public static Instant instant(Timestamp t, String field) {
        if (t.getSeconds() < MIN_SECONDS || t.getSeconds() > MAX_SECONDS || t.getNanos() < 0
                || t.getNanos() > 999_999_999) {
            throw new OutOfRange(field, t);
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static Timestamp of(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    /** A timestamp outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z. */
    public static final class OutOfRange extends Refusal {
        OutOfRange(String field, Timestamp t) {
            super(Kind.INVALID_ARGUMENT, "TIMESTAMP_OUT_OF_RANGE", "a timestamp must lie between 0001-01-01T00:00:00Z and "
                    + "9999-12-31T23:59:59.999999999Z (got seconds " + t.getSeconds() + ", nanos " + t.getNanos() + ")",
                    field, Map.of());
        }
    }
}
