package io.crowsnest.decisioning.mapping;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.client.DecisioningJson;
import io.crowsnest.platform.grpc.Timestamps;

/** Small proto ↔ domain conversions every mapping uses. */
public final class ProtoValues {

    private ProtoValues() {
    }

    public static Map<String, Object> java(Map<String, Value> fields) {
        return DecisioningJson.VALUES.plain(fields);
    }

    public static Value proto(Object o) {
        return DecisioningJson.VALUES.value(o);
    }

    public static io.crowsnest.decisioning.domain.Money money(Money m) {
        return new io.crowsnest.decisioning.domain.Money(m.getCurrencyCode(), m.getAmountMinor());
    }

    public static Money money(io.crowsnest.decisioning.domain.Money m) {
        return Money.newBuilder().setCurrencyCode(m.currency()).setAmountMinor(m.amountMinor()).build();
    }

    public static Reason reason(io.crowsnest.decisioning.domain.Reason r) {
        return Reason.newBuilder().setCode(r.code()).setMessage(r.message()).putAllFigures(r.figures()).build();
    }

    public static io.crowsnest.decisioning.domain.Reason reason(Reason r) {
        return new io.crowsnest.decisioning.domain.Reason(r.getCode(), r.getMessage(), r.getFiguresMap());
    }

    public static Timestamp ts(Instant i) {
        return Timestamps.of(i);
    }

    public static Instant instant(Timestamp t) {
        return Timestamps.instant(t);
    }

    /** "CHANNEL_EMAIL" → "EMAIL"; a number the contract does not know → "UNRECOGNIZED". */
    public static String name(Enum<?> e, String prefix) {
        return e.name().equals("UNRECOGNIZED") ? e.name() : e.name().substring(prefix.length());
    }
}
