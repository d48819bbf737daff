package io.crowsnest.profile;

import static com.mongodb.client.model.Filters.eq;
import static io.crowsnest.profile.Profiles.assertError;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.event;
import static io.crowsnest.profile.Profiles.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;


import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.profile.domain.LastThirtyDays;
import io.crowsnest.profile.service.MergeService;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.ChannelSummary;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ForgetPersonRequest;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GetProfile's events per channel in the last 30 days and its recent events come from the members'
 * documents (day buckets, recent event ids), not from queries over the events collection: right
 * across merges, retention and erasure, and for documents stored before they had them.
 */
@QuarkusTest
class ActivityIndexTest extends ThroughGrpc {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Inject
    EventStore events;
    @Inject
    OutboxStore outbox;
    @Inject
    MergeService lineage;

    @Test
    void theViewAnswersFromThePersonsDocumentsAloneNewestFirstWhateverTheOrderOfArrival() {
        Identifier who = cookie();
        List<RecordEventRequest> batch = new ArrayList<>();
        for (int i = 130; i >= 1; i--) {
            batch.add(event(EventType.EVENT_TYPE_PAGE_VIEW, Channel.CHANNEL_WEB, NOW.minus(i, ChronoUnit.MINUTES), who)
                    .build());
        }
        batch.add(event(EventType.EVENT_TYPE_EMAIL_CLICK, Channel.CHANNEL_EMAIL, NOW.minus(28, ChronoUnit.DAYS), who)
                .build());
        batch.add(event(EventType.EVENT_TYPE_EMAIL_CLICK, Channel.CHANNEL_EMAIL,
                NOW.minus(31, ChronoUnit.DAYS), who).build());
        profiles.stub.recordEvents(RecordEventsRequest.newBuilder().addAllEvents(batch).build());
        // arriving last but the oldest: never among the 100 most recent
        String personId = profiles.stub.recordEvent(event(EventType.EVENT_TYPE_STORE_VISIT, Channel.CHANNEL_STORE,
                NOW.minus(40, ChronoUnit.DAYS), who).build()).getPersonId();
        // a batch whose store writes take longer than half the outbox's recover-after (on a busy
        // machine) is answered UNAVAILABLE per event and completed by the recovery sweep: the view
        // is read once every event is counted, however it got there
        Await.until(Duration.ofSeconds(30), () -> counts(profile(personId, 100)).values().stream()
                .mapToLong(Long::longValue).sum() == batch.size() + 1, "every event of the batch counted");

        List<String> newest = profiles.stub.listEvents(ListEventsRequest.newBuilder().setPerson(person(personId))
                .setPage(PageRequest.newBuilder().setPageSize(100)).build()).getEventsList().stream()
                .map(Event::getEventId).toList();
        Profile profile = profile(personId, 100);
        assertEquals(newest, ids(profile));
        assertEquals(Map.of("CHANNEL_WEB", 130L, "CHANNEL_EMAIL", 1L, "CHANNEL_STORE", 0L), lastThirtyDays(profile));
        assertEquals(Map.of("CHANNEL_WEB", 130L, "CHANNEL_EMAIL", 2L, "CHANNEL_STORE", 1L), counts(profile));
        assertTrue(activity(personId).getList("recent", String.class).size() <= 128, "the recent ids are capped");

        // the events no longer found by person: a view that queried them by person would lose them
        database.getCollection("events").updateMany(eq("origin", personId),
                new Document("$set", new Document("origin", "elsewhere-" + personId)));
        Profile fromDocuments = profile(personId, 100);
        assertEquals(newest, ids(fromDocuments));
        assertEquals(profile.getChannelSummariesList(), fromDocuments.getChannelSummariesList());
        assertEquals(newest.subList(0, 20), ids(profiles.profile(personId)), "20 unless asked otherwise");
    }

    @Test
    void dayBucketsThatLeftTheWindowAreNotCountedAndThePersonsNextEventPrunesThem() {
        Identifier who = cookie();
        String personId = profiles.stub.recordEvent(page(who, NOW)).getPersonId();
        long stale = LastThirtyDays.firstDay(Instant.now()) - 1;
        database.getCollection("profiles").updateOne(eq("_id", personId), new Document("$inc",
                new Document("activity.days." + stale + ".CHANNEL_WEB", 7L)));
        assertEquals(Map.of("CHANNEL_WEB", 1L), lastThirtyDays(profile(personId, 0)));

        profiles.stub.recordEvent(page(who, NOW));
        assertEquals(Set.of(Long.toString(LastThirtyDays.day(NOW))),
                activity(personId).get("days", Document.class).keySet(), "the stale day is gone");
        assertEquals(Map.of("CHANNEL_WEB", 2L), lastThirtyDays(profile(personId, 0)));
    }

    @Test
    void aMergedProfileShowsBothPersonsRecentEventsAndCountsUntilTheUnmerge() {
        Identifier visitorCookie = cookie();
        Identifier customerCookie = cookie();
        RecordEventRequest v1 = page(visitorCookie, NOW.minus(2, ChronoUnit.HOURS));
        RecordEventRequest v2 = page(visitorCookie, NOW.minus(1, ChronoUnit.HOURS));
        RecordEventRequest c1 = event(EventType.EVENT_TYPE_STORE_VISIT, Channel.CHANNEL_STORE,
                NOW.minus(90, ChronoUnit.MINUTES), customerCookie).build();
        RecordEventRequest c2 = event(EventType.EVENT_TYPE_EMAIL_CLICK, Channel.CHANNEL_EMAIL,
                NOW.minus(35, ChronoUnit.DAYS), customerCookie).build();
        String visitor = profiles.stub.recordEvent(v1).getPersonId();
        profiles.stub.recordEvent(v2);
        String customer = profiles.stub.recordEvent(c1).getPersonId();
        profiles.stub.recordEvent(c2);

        String mergeId = Profiles.unique("merge-");
        lineage.merged(mergeId, customer, visitor, Instant.now());
        Profile merged = profile(visitor, 100);
        assertEquals(customer, merged.getPersonId());
        assertEquals(List.of(v2.getEventId(), c1.getEventId(), v1.getEventId(), c2.getEventId()), ids(merged));
        assertEquals(Map.of("CHANNEL_WEB", 2L, "CHANNEL_STORE", 1L, "CHANNEL_EMAIL", 0L), lastThirtyDays(merged));
        assertEquals(List.of(v2.getEventId(), c1.getEventId()), ids(profile(customer, 2)));

        RecordEventRequest after = page(customerCookie, NOW.minus(1, ChronoUnit.MINUTES));
        assertEquals(customer, profiles.stub.recordEvent(after).getPersonId());
        assertEquals(after.getEventId(), ids(profile(visitor, 1)).get(0), "shown at once to the merged profile");
        lineage.unmerged(mergeId, customer, visitor, Instant.now());
        Profile restored = profile(visitor, 100);
        assertEquals(List.of(v2.getEventId(), v1.getEventId()), ids(restored));
        assertEquals(Map.of("CHANNEL_WEB", 2L), lastThirtyDays(restored));
        Profile survivor = profile(customer, 100);
        assertEquals(List.of(after.getEventId(), c1.getEventId(), c2.getEventId()), ids(survivor));
        assertEquals(Map.of("CHANNEL_WEB", 1L, "CHANNEL_STORE", 1L, "CHANNEL_EMAIL", 0L), lastThirtyDays(survivor));
    }

    @Test
    void eventsRetentionDeletedArePassedOverAndCountsKeepTheirWindow() {
        Identifier who = cookie();
        RecordEventRequest old = event(EventType.EVENT_TYPE_EMAIL_CLICK, Channel.CHANNEL_EMAIL,
                NOW.minus(394, ChronoUnit.DAYS), who).build();
        String personId = profiles.stub.recordEvent(old).getPersonId();
        RecordEventRequest a = page(who, NOW.minus(3, ChronoUnit.HOURS));
        RecordEventRequest b = page(who, NOW.minus(2, ChronoUnit.HOURS));
        RecordEventRequest c = page(who, NOW.minus(1, ChronoUnit.HOURS));
        List.of(a, b, c).forEach(profiles.stub::recordEvent);
        assertEquals(List.of(c.getEventId(), b.getEventId(), a.getEventId(), old.getEventId()),
                ids(profile(personId, 100)));

        events.deleteExpired(Instant.now().plus(2, ChronoUnit.DAYS)); // the sweep, two days later
        assertFalse(stored.hasEvent(old.getEventId()));
        Profile swept = profile(personId, 100);
        assertEquals(List.of(c.getEventId(), b.getEventId(), a.getEventId()), ids(swept));
        assertEquals(Map.of("CHANNEL_WEB", 3L, "CHANNEL_EMAIL", 0L), lastThirtyDays(swept));
        assertEquals(Map.of("CHANNEL_WEB", 3L, "CHANNEL_EMAIL", 1L), counts(swept), "counters keep deleted events");

        events.delete(b.getEventId()); // gone although a newer one is kept: the next one takes its place
        assertEquals(List.of(c.getEventId(), a.getEventId()), ids(profile(personId, 2)));
    }

    @Test
    void anErasureLeavesNoIndexAndEventsRecordedLateAreNotCounted() {
        Identifier who = cookie();
        String personId = profiles.stub.recordEvent(page(who, NOW.minus(1, ChronoUnit.HOURS))).getPersonId();
        profiles.stub.recordEvent(page(who, NOW));
        assertEquals(2, ids(profile(personId, 100)).size());
        assertFalse(activity(personId).getList("recent", String.class).isEmpty());

        profiles.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(personId)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk").setIdempotencyKey(Profiles.unique("k-")).build());
        assertEquals(Set.of("_id", "forgottenAt"), stored.person(personId).keySet());
        assertError(io.grpc.Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                () -> profiles.stub.recordEvent(page(who, NOW)));
        assertEquals(Set.of("_id", "forgottenAt"), stored.person(personId).keySet(), "nothing counted after");
        assertError(io.grpc.Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profile(personId, 100));
    }

    @Test
    void aDocumentStoredBeforeTheIndexAnswersTheSameGetsItOnceAndCountsAnEventInFlightOnce() {
        Identifier who = cookie();
        RecordEventRequest first = page(who, NOW.minus(2, ChronoUnit.HOURS));
        String personId = profiles.stub.recordEvent(first).getPersonId();
        profiles.stub.recordEvent(page(who, NOW.minus(1, ChronoUnit.HOURS)));
        profiles.stub.recordEvent(event(EventType.EVENT_TYPE_EMAIL_CLICK, Channel.CHANNEL_EMAIL,
                NOW.minus(28, ChronoUnit.DAYS), who).build());
        profiles.stub.recordEvent(event(EventType.EVENT_TYPE_STORE_VISIT, Channel.CHANNEL_STORE,
                NOW.minus(40, ChronoUnit.DAYS), who).build());
        Profile before = profile(personId, 100);

        stripIndex(personId);
        // a writer is between storing an event and counting it: the view must not count it yet
        StoredEvent inFlight = HalfWritten.copy(events.find(first.getEventId()).orElseThrow(), "in-flight:",
                NOW.minus(3, ChronoUnit.HOURS));
        outbox.insertNew(inFlight, HalfWritten.observe(inFlight, personId), Instant.now(), Instant.now().plusSeconds(6));
        events.insertNew(inFlight);

        Profile legacy = profile(personId, 100);
        assertEquals(before.getChannelSummariesList(), legacy.getChannelSummariesList());
        List<String> shown = new ArrayList<>(ids(before));
        shown.add(2, inFlight.eventId());
        assertEquals(shown, ids(legacy), "the event stored shows, as it did before");
        assertEquals(4L, activity(personId).get("indexed", Number.class).longValue(), "the index was stored");
        assertEquals(3, activity(personId).get("days", Document.class).values().stream()
                .mapToLong(d -> ((Document) d).values().stream().mapToLong(n -> ((Number) n).longValue()).sum()).sum(),
                "the three events of the window, the one in flight left out");

        Await.until(Duration.ofSeconds(30), () -> scoring.observed(inFlight.eventId()) != null,
                () -> "the recovery sweep completed the event in flight");
        Profile recovered = profile(personId, 100);
        assertEquals(Map.of("CHANNEL_WEB", 3L, "CHANNEL_EMAIL", 1L, "CHANNEL_STORE", 0L), lastThirtyDays(recovered));
        assertEquals(3L, counts(recovered).get("CHANNEL_WEB"));
        assertEquals(shown, ids(recovered), "shown once");
        profiles.stub.recordEvent(page(who, NOW));
        assertEquals(4L, lastThirtyDays(profile(personId, 0)).get("CHANNEL_WEB"));
    }

    @Test
    void readsRacingEventsAndAnOlderReplicaNeitherLoseNorDoubleCountAnEvent() throws Exception {
        Identifier who = cookie();
        String personId = profiles.stub.recordEvent(page(who, NOW.minus(1, ChronoUnit.DAYS))).getPersonId();
        stripIndex(personId);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        profiles.stub.recordEvent(page(who, NOW.minus(writer * 100 + i, ChronoUnit.SECONDS)));
                    }
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            readers.add(pool.submit(() -> {
                while (writing.get()) {
                    profile(personId, 100);
                }
            }));
            readers.add(pool.submit(() -> {
                while (writing.get()) { // an older replica counting events without the index
                    stripIndex(personId);
                    profile(personId, 100);
                }
            }));
            for (Future<?> f : writers) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Profile done = profile(personId, 100);
        assertEquals(Map.of("CHANNEL_WEB", 61L), lastThirtyDays(done));
        assertEquals(Map.of("CHANNEL_WEB", 61L), counts(done));
        List<String> newest = profiles.stub.listEvents(ListEventsRequest.newBuilder().setPerson(person(personId))
                .setPage(PageRequest.newBuilder().setPageSize(100)).build()).getEventsList().stream()
                .map(Event::getEventId).toList();
        assertEquals(newest, ids(done));
        assertEquals(61, ids(done).size());
    }

    private Profile profile(String personId, int recent) {
        return profiles.stub.getProfile(GetProfileRequest.newBuilder().setPerson(person(personId))
                .setOmitRecentEvents(recent == 0).setRecentEventsLimit(recent).setOmitIdentifiers(true).build())
                .getProfile();
    }

    private static RecordEventRequest page(Identifier who, Instant at) {
        return event(EventType.EVENT_TYPE_PAGE_VIEW, Channel.CHANNEL_WEB, at, who).build();
    }

    private static List<String> ids(Profile profile) {
        return profile.getRecentEventsList().stream().map(Event::getEventId).toList();
    }

    private static Map<String, Long> lastThirtyDays(Profile profile) {
        return profile.getChannelSummariesList().stream()
                .collect(Collectors.toMap(c -> c.getChannel().name(), ChannelSummary::getEventCountLast30Days));
    }

    private static Map<String, Long> counts(Profile profile) {
        return profile.getChannelSummariesList().stream()
                .collect(Collectors.toMap(c -> c.getChannel().name(), ChannelSummary::getEventCount));
    }

    private Document activity(String personId) {
        return stored.person(personId).get("activity", Document.class);
    }

    /** Makes the person's document look as one stored before the index existed. */
    private void stripIndex(String personId) {
        database.getCollection("profiles").updateOne(eq("_id", personId), new Document("$unset",
                new Document("activity.days", "").append("activity.recent", "").append("activity.indexed", "")));
    }
}
