package io.crowsnest.profile.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.RecordEventRequest;

/**
 * An event's fingerprint, kept with it to tell a retry from an event id reused for another event,
 * stays what earlier releases computed: a retry sent after an upgrade is still answered duplicate.
 */
class EventFingerprintTest {

    private static RecordEventRequest.Builder purchase() {
        return RecordEventRequest.newBuilder().setEventId("ev-fingerprint-1")
                .addIdentifiers(Identifier.newBuilder().setType("email").setValue("jane@example.com"))
                .setType(EventType.EVENT_TYPE_PURCHASE).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1772359530L).setNanos(123000000))
                .setSource("web-shop").setAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1999));
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    @Test
    void theFingerprintOfARequestIsTheOneEarlierReleasesKept() {
        RecordEventRequest request = purchase().putProperties("sku", text("A-1"))
                .putProperties("page_depth", Value.newBuilder().setNumberValue(3).build())
                .putProperties("basket", text("b-9")).build();
        // computed by the release before use cases took opaque fingerprints (service/Fingerprint.of)
        assertEquals("01e615c043df41b8734dec2f613129ad7fc1112b0c2213166ec67271e2e41472",
                EventAdapter.fingerprint(request));
    }

    @Test
    void theOrderOfPropertiesDoesNotChangeItButTheirContentDoes() {
        RecordEventRequest one = purchase().putProperties("a", text("1")).putProperties("b", text("2")).build();
        RecordEventRequest other = purchase().putProperties("b", text("2")).putProperties("a", text("1")).build();
        assertEquals(EventAdapter.fingerprint(one), EventAdapter.fingerprint(other));
        assertNotEquals(EventAdapter.fingerprint(one),
                EventAdapter.fingerprint(purchase().putProperties("a", text("1")).putProperties("b", text("3")).build()));
    }
}
