package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.event;
import static io.crowsnest.profile.Profiles.id;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.ItemError;
import io.crowsnest.common.v1.ItemFieldViolation;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * RecordEvents through real gRPC: each event of a batch answered as RecordEvent answers it, in
 * order, refused ones leaving nothing behind, and the batch reaching scoring in ObserveEvents calls.
 */
@QuarkusTest
class RecordEventsTest extends ThroughGrpc {

    @Test
    void eachEventOfABatchIsAnsweredAsRecordEventAnswersIt() {
        Identifier cookie = cookie();
        RecordEventRequest earlier = pageView(cookie).build();
        RecordEventResponse first = profiles.stub.recordEvent(earlier);

        RecordEventRequest valid = pageView(cookie).build();
        RecordEventRequest badEmail = pageView(cookie, id("email", "not-an-email")).build();
        RecordEventRequest future = pageView(cookie)
                .setOccurredAt(Timestamps.of(Instant.now().plus(Duration.ofDays(1)))).build();
        RecordEventRequest oversized = pageView(cookie).putProperties("blob", big()).build();
        RecordEventRequest reused = earlier.toBuilder().putProperties("title", string("another page")).build();
        RecordEventRequest alsoValid = pageView(cookie).build();
        List<RecordEventRequest> batch = List.of(valid, badEmail, future, earlier, oversized, reused, alsoValid);

        List<RecordEventResult> results = profiles.stub.recordEvents(RecordEventsRequest.newBuilder()
                .addAllEvents(batch).build()).getResultsList();

        assertEquals(batch.size(), results.size());
        for (int i = 0; i < batch.size(); i++) {
            RecordEventRequest event = batch.get(i);
            RecordEventResult result = results.get(i);
            try {
                RecordEventResponse single = profiles.stub.recordEvent(event);
                assertTrue(result.hasRecorded(), "event " + i + ": " + result);
                // RecordEvent now answers for an event recorded by the batch (or before): a duplicate
                RecordEventResponse recorded = result.getRecorded();
                assertTrue(single.getDuplicate());
                assertEquals(single.getPersonId(), recorded.getPersonId(), "event " + i);
                assertEquals(single.getReceivedAt(), recorded.getReceivedAt(), "event " + i);
            } catch (StatusRuntimeException e) {
                assertTrue(result.hasError(), "event " + i + " was refused alone: " + e.getStatus());
                assertSameError(ItemErrors.of(e), result.getError(), "event " + i);
            }
        }
        assertEquals(List.of(false, true, true, false, true, true, false),
                results.stream().map(RecordEventResult::hasError).toList());
        RecordEventResponse duplicate = results.get(3).getRecorded();
        assertTrue(duplicate.getDuplicate());
        assertEquals(first.getPersonId(), duplicate.getPersonId());
        assertEquals(first.getReceivedAt(), duplicate.getReceivedAt(), "a duplicate answers the original acceptance");
        assertFalse(results.get(0).getRecorded().getDuplicate());
        assertEquals("EVENT_IN_FUTURE", results.get(2).getError().getReason());
        assertEquals("EVENT_TOO_LARGE", results.get(4).getError().getReason());
        assertEquals("EVENT_ID_REUSED", results.get(5).getError().getReason());
        assertEquals(List.of("occurred_at"), fields(results.get(2).getError()));

        List<Event> events = eventsOf(first.getPersonId());
        assertEquals(Set.of(earlier.getEventId(), valid.getEventId(), alsoValid.getEventId()),
                events.stream().map(Event::getEventId).collect(Collectors.toSet()), "refused events left nothing");
        Event kept = events.stream().filter(e -> e.getEventId().equals(earlier.getEventId())).findFirst().orElseThrow();
        assertFalse(kept.getPropertiesMap().containsKey("title"), "a reused id leaves the stored event unchanged");
        for (RecordEventRequest refused : List.of(badEmail, future, oversized)) {
            assertFalse(stored.hasEvent(refused.getEventId()));
            assertFalse(stored.inOutbox(refused.getEventId()));
        }
    }

    @Test
    void aBatchCountsEveryEventOfAPersonAndAnswersAnIdGivenTwiceAsARetry() {
        Identifier crm = id("crm", unique("CRM-"));
        Identifier visitor = cookie();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<RecordEventRequest> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(event(EventType.EVENT_TYPE_PURCHASE, Channel.CHANNEL_WEB, now.minusSeconds(30 - i), crm)
                    .setAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1000 + i)).build());
        }
        for (int i = 0; i < 4; i++) {
            batch.add(pageView(visitor).setOccurredAt(Timestamps.of(now.minusSeconds(60 - i))).build());
        }
        RecordEventRequest again = batch.get(3);
        RecordEventRequest clash = batch.get(4).toBuilder().putProperties("title", string("another page")).build();
        batch.add(again);
        batch.add(clash);

        List<RecordEventResult> results = profiles.stub.recordEvents(RecordEventsRequest.newBuilder()
                .addAllEvents(batch).build()).getResultsList();

        assertTrue(results.subList(0, 7).stream().allMatch(r -> r.hasRecorded() && !r.getRecorded().getDuplicate()),
                results.toString());
        assertTrue(results.get(7).getRecorded().getDuplicate(), "the same id and content again: a retry");
        assertEquals(results.get(3).getRecorded().getPersonId(), results.get(7).getRecorded().getPersonId());
        assertEquals(results.get(3).getRecorded().getReceivedAt(), results.get(7).getRecorded().getReceivedAt());
        assertEquals("EVENT_ID_REUSED", results.get(8).getError().getReason());
        assertEquals(1, results.subList(0, 3).stream().filter(r -> r.getRecorded().getPersonCreated()).count(),
                "one person created for the three purchases");
        assertEquals(1, results.subList(3, 7).stream().filter(r -> r.getRecorded().getPersonCreated()).count(),
                "one person created for the four page views");

        Profile buyer = profiles.profile(results.get(0).getRecorded().getPersonId());
        assertEquals(List.of(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(3003).build()),
                buyer.getLifetimeValueList());
        assertEquals(3, buyer.getChannelSummaries(0).getEventCount());
        assertEquals(Timestamps.of(now.minusSeconds(30)), buyer.getFirstSeenAt());
        assertEquals(Timestamps.of(now.minusSeconds(28)), buyer.getLastSeenAt());
        String visitorId = results.get(3).getRecorded().getPersonId();
        Profile browser = profiles.profile(visitorId);
        assertEquals(4, browser.getChannelSummaries(0).getEventCount(), "each event counted once");
        assertEquals(Timestamps.of(now.minusSeconds(57)), browser.getLastSeenAt());
        assertEquals(4, eventsOf(visitorId).size());
        assertTrue(batch.stream().allMatch(e -> stored.hasEvent(e.getEventId())));
    }

    @Test
    void anEmptyOrOversizedBatchIsRefusedWhole() {
        Profiles.assertInvalid(() -> profiles.stub.recordEvents(RecordEventsRequest.getDefaultInstance()), "",
                "events");
        Identifier cookie = cookie();
        List<RecordEventRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(pageView(cookie).build());
        }
        Profiles.assertInvalid(() -> profiles.stub.recordEvents(RecordEventsRequest.newBuilder()
                .addAllEvents(tooMany).build()), "", "events");
        assertTrue(tooMany.stream().noneMatch(e -> stored.hasEvent(e.getEventId()) || stored.inOutbox(e.getEventId())));
        Profiles.assertError(io.grpc.Status.Code.NOT_FOUND, "PERSON_NOT_FOUND",
                () -> profiles.stub.listEvents(ListEventsRequest.newBuilder().setPerson(person(cookie)).build()));
    }

    @Test
    void aBatchReachesScoringOnceInObserveEventsCalls() {
        Identifier cookie = cookie();
        List<RecordEventRequest> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(pageView(cookie).setEventId(unique("batch:")).build());
        }
        List<String> ids = batch.stream().map(RecordEventRequest::getEventId).toList();
        List<RecordEventResult> results = profiles.stub.recordEvents(RecordEventsRequest.newBuilder()
                .addAllEvents(batch).build()).getResultsList();
        assertTrue(results.stream().allMatch(RecordEventResult::hasRecorded), results.toString());
        String personId = results.get(0).getRecorded().getPersonId();

        Await.until(OutboxTest.DELIVERY, () -> scoring.observedAll(ids) && ids.stream().noneMatch(stored::inOutbox),
                () -> "delivered and drained");
        Await.holds(Duration.ofMillis(500), () -> ids.stream().allMatch(id -> scoring.accepted(id) == 1),
                "each event accepted exactly once, no late duplicate");
        assertTrue(ids.stream().allMatch(scoring::cameInBatch), "delivered through ObserveEvents");
        ObserveEventRequest observed = scoring.observed(ids.get(7));
        assertEquals(personId, observed.getPersonId());
        assertEquals("page_view", observed.getEventType());
        assertEquals(50, eventsOf(personId).size());
    }

    private List<Event> eventsOf(String personId) {
        return profiles.stub.listEvents(ListEventsRequest.newBuilder().setPerson(person(personId))
                .setPage(PageRequest.newBuilder().setPageSize(500)).build()).getEventsList();
    }

    /** Same code, reason and bad fields; the messages may differ (they name the time of the check). */
    private static void assertSameError(ItemError expected, ItemError actual, String what) {
        assertEquals(expected.getCode(), actual.getCode(), what + ": " + actual);
        assertEquals(expected.getReason(), actual.getReason(), what + ": " + actual);
        assertEquals(fields(expected), fields(actual), what + ": " + actual);
    }

    private static List<String> fields(ItemError error) {
        return error.getFieldViolationsList().stream().map(ItemFieldViolation::getField).toList();
    }

    private static Value big() {
        Struct.Builder big = Struct.newBuilder();
        for (int i = 0; i < 10; i++) {
            big.putFields("f" + i, string("y".repeat(4000)));
        }
        return Value.newBuilder().setStructValue(big).build();
    }
}
