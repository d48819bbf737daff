package io.crowsnest.decisioning.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.service.JsonValues;
import io.crowsnest.platform.grpc.Timestamps;

/** Small proto ↔ domain conversions every mapping uses. */
final class ProtoValues {

    private ProtoValues() {
    }

    static Map<String, Object> java(Map<String, Value> fields) {
        return JsonValues.of(fields);
    }

    @SuppressWarnings("unchecked")
    static Value proto(Object o) {
        Value.Builder v = Value.newBuilder();
        if (o instanceof Number n) {
            return v.setNumberValue(n.doubleValue()).build();
        } else if (o instanceof String s) {
            return v.setStringValue(s).build();
        } else if (o instanceof Boolean b) {
            return v.setBoolValue(b).build();
        } else if (o instanceof List<?> list) {
            ListValue.Builder l = ListValue.newBuilder();
            list.forEach(e -> l.addValues(proto(e)));
            return v.setListValue(l).build();
        } else if (o instanceof Map<?, ?> map) {
            Struct.Builder s = Struct.newBuilder();
            ((Map<String, Object>) map).forEach((k, e) -> s.putFields(k, proto(e)));
            return v.setStructValue(s).build();
        }
        return v.setNullValueValue(0).build();
    }

    static io.crowsnest.decisioning.domain.Money money(Money m) {
        return new io.crowsnest.decisioning.domain.Money(m.getCurrencyCode(), m.getAmountMinor());
    }

    static Money money(io.crowsnest.decisioning.domain.Money m) {
        return Money.newBuilder().setCurrencyCode(m.currency()).setAmountMinor(m.amountMinor()).build();
    }

    static Reason reason(io.crowsnest.decisioning.domain.Reason r) {
        return Reason.newBuilder().setCode(r.code()).setMessage(r.message()).putAllFigures(r.figures()).build();
    }

    static io.crowsnest.decisioning.domain.Reason reason(Reason r) {
        return new io.crowsnest.decisioning.domain.Reason(r.getCode(), r.getMessage(), r.getFiguresMap());
    }

    static Timestamp ts(Instant i) {
        return Timestamps.of(i);
    }

    static Instant instant(Timestamp t) {
        return Timestamps.instant(t);
    }

    /** "CHANNEL_EMAIL" → "EMAIL". */
    static String name(Enum<?> e, String prefix) {
        return e.name().substring(prefix.length());
    }
}
