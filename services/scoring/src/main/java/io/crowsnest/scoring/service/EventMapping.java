package io.crowsnest.scoring.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Json;
import io.crowsnest.scoring.domain.Money;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/** Observed events and JSON values between the contract and the domain. */
final class EventMapping {

    private EventMapping() {
    }

    static ObservedEvent event(ObserveEventRequest r) {
        Money purchase = r.hasPurchaseAmount()
                ? new Money(r.getPurchaseAmount().getCurrencyCode(), r.getPurchaseAmount().getAmountMinor())
                : null;
        return new ObservedEvent(r.getEventId(), r.getPersonId(), r.getEventType(), channel(r.getChannel()),
                Timestamps.instant(r.getOccurredAt()), r.getSource(), r.getReferrer(), r.getSessionId(),
                r.getPageDepth(), r.getTimeOnPageSeconds(), object(r.getPropertiesMap()), purchase);
    }

    /** The channel's name without its prefix: CHANNEL_WEB is "WEB". */
    static String channel(Channel channel) {
        return channel.name().substring("CHANNEL_".length());
    }

    static Channel channel(String name) {
        return Channel.valueOf("CHANNEL_" + name);
    }

    static Map<String, Object> object(Map<String, Value> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(k, json(v)));
        return out;
    }

    /** A protobuf JSON value as String, Double, Boolean, List, Map or Json.NULL; null when unset. */
    static Object json(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE -> Json.NULL;
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case STRUCT_VALUE -> object(value.getStructValue().getFieldsMap());
            case LIST_VALUE -> value.getListValue().getValuesList().stream().map(EventMapping::json).toList();
            case KIND_NOT_SET -> null;
        };
    }

    /** The reverse of {@link #json(Value)}. */
    static Value value(Object json) {
        if (json instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (json instanceof Double d) {
            return Value.newBuilder().setNumberValue(d).build();
        }
        if (json instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (json instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (json instanceof List<?> list) {
            ListValue.Builder out = ListValue.newBuilder();
            list.forEach(e -> out.addValues(value(e)));
            return Value.newBuilder().setListValue(out).build();
        }
        if (json instanceof Map<?, ?> map) {
            Struct.Builder out = Struct.newBuilder();
            map.forEach((k, v) -> out.putFields(k.toString(), value(v)));
            return Value.newBuilder().setStructValue(out).build();
        }
        return Value.newBuilder().setNullValue(com.google.protobuf.NullValue.NULL_VALUE).build();
    }
}
