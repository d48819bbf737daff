package io.crowsnest.profile.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.client.ScoringObservations;
import io.crowsnest.profile.domain.EventFacts;
import io.crowsnest.profile.domain.MaskedIdentifier;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/** An event is kept as the contract's Event made of its request, and what profile reads back of it. */
class StoredEventsTest {

    private static final Instant OCCURRED = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T10:15:31.5Z");

    private final StoredEvents events = new StoredEvents();

    private static RecordEventRequest purchase() {
        return RecordEventRequest.newBuilder().setEventId("ev-1")
                .addIdentifiers(Identifier.newBuilder().setType("email").setValue("Jane@Example.com"))
                .setType(EventType.EVENT_TYPE_PURCHASE).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(Timestamps.of(OCCURRED)).setSource("web-shop").setReferrer("https://example.com/")
                .setSessionId("s-9").putProperties("sku", Value.newBuilder().setStringValue("A-1").build())
                .putProperties("page_depth", Value.newBuilder().setNumberValue(3).build())
                .setAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1999))
                .setDivision(DivisionRef.newBuilder().setId("retail")).setAgentId("agent-7").build();
    }

    @Test
    void theKeptEventIsTheRequestWithMaskedIdentifiersAndWhenItArrived() throws Exception {
        RecordEventRequest r = purchase();
        byte[] kept = events.event(r.toByteArray(), List.of(new MaskedIdentifier("email", "j***@e***.com", "")),
                RECEIVED);

        Event expected = Event.newBuilder().setEventId("ev-1").setType(EventType.EVENT_TYPE_PURCHASE)
                .setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(OCCURRED))
                .setReceivedAt(Timestamps.of(RECEIVED)).setSource("web-shop").setReferrer("https://example.com/")
                .setSessionId("s-9").putAllProperties(r.getPropertiesMap()).setAgentId("agent-7")
                .addIdentifiers(io.crowsnest.common.v1.MaskedIdentifier.newBuilder().setType("email")
                        .setMaskedValue("j***@e***.com"))
                .setAmount(r.getAmount()).setDivision(r.getDivision()).build();
        assertArrayEquals(expected.toByteArray(), kept);
        assertEquals(new EventFacts("ev-1", "EVENT_TYPE_PURCHASE", "", "CHANNEL_WEB", OCCURRED, RECEIVED, "EUR", 1999),
                events.facts(kept));
    }

    @Test
    void anEventWithoutAmountHasNoCurrency() {
        RecordEventRequest r = purchase().toBuilder().clearAmount().setType(EventType.EVENT_TYPE_PAGE_VIEW).build();
        EventFacts facts = events.facts(events.event(r.toByteArray(), List.of(), RECEIVED));
        assertNull(facts.currencyCode());
        assertEquals(false, facts.paid());
    }

    @Test
    void scoringObservesTheKeptEventForThePerson() throws Exception {
        byte[] kept = events.event(purchase().toByteArray(), List.of(), RECEIVED);

        ObserveEventRequest observe = ObserveEventRequest.parseFrom(ScoringObservations.observe(kept, "p-1"));

        assertEquals(ObserveEventRequest.newBuilder().setEventId("ev-1").setPersonId("p-1").setEventType("purchase")
                .setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(OCCURRED)).setSource("web-shop")
                .setReferrer("https://example.com/").setSessionId("s-9").setPageDepth(3)
                .putAllProperties(purchase().getPropertiesMap()).setPurchaseAmount(purchase().getAmount()).build(),
                observe);
    }
}
