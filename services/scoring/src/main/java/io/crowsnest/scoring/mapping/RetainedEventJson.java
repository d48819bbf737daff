package io.crowsnest.scoring.mapping;

import java.util.Locale;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.platform.json.ProtoJsonText;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/**
 * A retained event as the live store keeps it (JSON) and the segment language's {@code events}
 * reads it: event_id, event_type, channel ("email"), occurred_at (epoch ms), source, referrer,
 * properties, purchase_amount_minor and purchase_currency.
 */
public final class RetainedEventJson {

    private RetainedEventJson() {
    }

    public static String json(ObserveEventRequest r) {
        Struct.Builder event = Struct.newBuilder()
                .putFields("event_id", text(r.getEventId()))
                .putFields("event_type", text(r.getEventType()))
                .putFields("channel", text(EventMapping.channel(r.getChannel()).toLowerCase(Locale.ROOT)))
                .putFields("occurred_at", number(r.getOccurredAt().getSeconds() * 1000
                        + r.getOccurredAt().getNanos() / 1_000_000))
                .putFields("source", text(r.getSource()))
                .putFields("referrer", text(r.getReferrer()))
                .putFields("properties", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putAllFields(r.getPropertiesMap())).build())
                .putFields("purchase_amount_minor", number(r.getPurchaseAmount().getAmountMinor()))
                .putFields("purchase_currency", text(r.getPurchaseAmount().getCurrencyCode()));
        try {
            return ProtoJsonText.print(event); // JsonFormat's text, at a fraction of its cost
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("event " + r.getEventId() + " cannot be retained", e);
        }
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value number(long n) {
        return Value.newBuilder().setNumberValue(n).build();
    }
}
