package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.pageView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;



import io.crowsnest.localstack.testing.Await;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A RecordEvent whose process died half-way — after its outbox entry (the commit point), before or
 * after counting the event in the profile — is completed by the recovery sweep: stored, counted once,
 * delivered to scoring.
 */
@QuarkusTest
class RecoveryTest extends ThroughGrpc {

    @Inject
    OutboxStore outbox;
    @Inject
    EventStore events;
    @Inject
    PersonStore persons;

    @Test
    void eventsLeftHalfWrittenAreCompletedAndCountedOnce() {
        RecordEventRequest first = pageView(cookie()).build();
        String personId = profiles.stub.recordEvent(first).getPersonId();
        StoredEvent template = events.find(first.getEventId()).orElseThrow();

        // died right after the outbox entry
        StoredEvent beforeCounting = HalfWritten.copy(template, "crash:after-outbox", template.facts().occurredAt());
        outbox.insertNew(beforeCounting, HalfWritten.observe(beforeCounting, personId), Instant.now(), Instant.now());
        // died after counting the event, before marking the entry applied
        StoredEvent afterCounting = HalfWritten.copy(template, "crash:after-count", template.facts().occurredAt());
        outbox.insertNew(afterCounting, HalfWritten.observe(afterCounting, personId), Instant.now(), Instant.now());
        events.insertNew(afterCounting);
        persons.applyEvent(personId, new PersonStore.EventActivity(afterCounting.eventId(),
                afterCounting.facts().occurredAt(), "CHANNEL_WEB", "EVENT_TYPE_PAGE_VIEW",
                null, 0), Instant.now());

        Await.until(Duration.ofSeconds(20), () -> scoring.observed(beforeCounting.eventId()) != null
                && scoring.observed(afterCounting.eventId()) != null, () -> "both completed and delivered");
        assertEquals(3, profiles.profile(personId).getChannelSummaries(0).getEventCount(), "each counted once");
        assertTrue(profiles.stub.listEvents(ListEventsRequest.newBuilder().setPerson(Profiles.person(personId))
                .build()).getEventsList().stream().map(Event::getEventId).toList()
                .containsAll(java.util.List.of(beforeCounting.eventId(), afterCounting.eventId())));
        Await.until(Duration.ofSeconds(10), () -> outbox.find(beforeCounting.eventId()).isEmpty()
                && outbox.find(afterCounting.eventId()).isEmpty(), () -> "the outbox drained");
    }
}
