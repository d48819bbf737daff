package io.crowsnest.contactgovernance;

import static io.crowsnest.contactgovernance.Governance.contact;
import static io.crowsnest.contactgovernance.Governance.error;
import static io.crowsnest.contactgovernance.Governance.fields;
import static io.crowsnest.contactgovernance.Governance.instant;
import static io.crowsnest.contactgovernance.Governance.key;
import static io.crowsnest.contactgovernance.Governance.marketing;
import static io.crowsnest.contactgovernance.Governance.reason;
import static io.crowsnest.contactgovernance.Governance.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ConsentChange;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.ListConsentChangesRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryResponse;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.contactgovernance.v1.RuleKind;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.contactgovernance.v1.ScopeCapacity;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.contactgovernance.v1.SetConsentsResponse;
import io.crowsnest.contactgovernance.v1.TimeZoneChange;
import io.crowsnest.contactgovernance.v1.TimeZoneSource;
import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.localstack.LocalRedis;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import redis.clients.jedis.JedisPooled;

/**
 * The contact rules through the real gRPC API against real MongoDB and Redis: caps, shares, gaps,
 * quiet hours, consent, reservations, external contacts, history, and the loss of Redis.
 * Each person id is used by one test only; the stores are this class's own.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContactRulesTest {

    LocalRedis redis;
    Governance g;
    @Inject
    MovableClock clock;
    @Inject
    MongoDatabase database;
    @Inject
    CounterStore counters;
    @Inject
    io.crowsnest.contactgovernance.store.ReservationStore reservationStore;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    @Inject
    io.crowsnest.contactgovernance.sweeps.RefusalExpirySweep refusalExpirySweep;
    @Inject
    io.crowsnest.contactgovernance.sweeps.LegacyStaleMarkSweep legacyStaleMarkSweep;
    @Inject
    io.crowsnest.platform.idempotency.Idempotency idempotency;

    @BeforeEach
    void connect() {
        g = new Governance();
    }

    @AfterEach
    void disconnect() {
        g.close();
        clock.reset();
    }

    private Verdict check(ContactRequest.Builder contact) {
        return g.stub.checkEligibility(CheckEligibilityRequest.newBuilder().setContact(contact).build()).getVerdict();
    }

    private ReserveContactResponse reserve(ContactRequest.Builder contact) {
        return g.stub.reserveContact(ReserveContactRequest.newBuilder().setContact(contact)
                .setIdempotencyKey(key()).build());
    }

    private static RuleViolation violation(Verdict verdict, String ruleId) {
        return verdict.getViolationsList().stream().filter(v -> v.getRuleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation of " + ruleId + " in " + verdict));
    }

    private static ScopeCapacity capacity(Verdict verdict, String ruleId, boolean share) {
        return verdict.getCapacitiesList().stream()
                .filter(c -> c.getRuleId().equals(ruleId) && c.getDivisionShare() == share).findFirst()
                .orElseThrow(() -> new AssertionError("no capacity of " + ruleId + " in " + verdict));
    }

    private ListContactHistoryResponse history(String person) {
        return g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(person)).build());
    }

    @Test
    @Order(1)
    void nothingIsGrantedBeforeAPolicyGoverns() {
        var e = error(() -> check(marketing("p-none", Channel.CHANNEL_EMAIL, "cards")));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("NO_ACTIVE_POLICY", reason(e));
        var reserve = error(() -> reserve(marketing("p-none", Channel.CHANNEL_EMAIL, "cards")));
        assertEquals("NO_ACTIVE_POLICY", reason(reserve));
        g.activate(Governance.standardPolicy());
    }

    @Test
    @Order(2)
    void aCapCountsTheLedgerAndSaysWhenItFrees() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.minus(Duration.ofDays(3));
        g.madeAt("p-caps", Channel.CHANNEL_EMAIL, "travel", first);
        g.madeAt("p-caps", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(2)));

        Verdict verdict = check(marketing("p-caps", Channel.CHANNEL_EMAIL, "travel"));
        assertFalse(verdict.getAllowed());
        RuleViolation cap = violation(verdict, "email-weekly");
        assertEquals(RuleKind.RULE_KIND_FREQUENCY_CAP, cap.getKind());
        assertEquals("FREQUENCY_CAP_REACHED", cap.getReason().getCode());
        assertTrue(cap.getReason().getMessage().startsWith("email weekly cap 2 of 2 used; next allowed "),
                cap.getReason().getMessage());
        assertTrue(cap.getReason().getMessage().endsWith("Europe/Paris"), cap.getReason().getMessage());
        assertEquals("2", cap.getReason().getFiguresOrThrow("used"));
        assertEquals(first.plus(Duration.ofDays(7)), instant(cap.getClearsAt()));
        assertEquals(first.plus(Duration.ofDays(7)), instant(verdict.getNextAllowedAt()));
        assertEquals(1, capacity(verdict, "global-weekly", false).getRemaining());
        assertEquals(0, capacity(verdict, "email-weekly", false).getRemaining());
        assertEquals(TimeZoneSource.TIME_ZONE_SOURCE_POLICY_DEFAULT, verdict.getTimeZoneSource());

        // Several contacts of the person at once: each verdict as CheckEligibility gives it alone.
        List<ContactRequest> several = List.of(marketing("p-caps", Channel.CHANNEL_EMAIL, "travel").build(),
                marketing("p-caps", Channel.CHANNEL_PUSH, "travel").build());
        List<Verdict> batch = g.stub.checkEligibilityBatch(CheckEligibilityBatchRequest.newBuilder()
                .addAllContacts(several).build()).getVerdictsList();
        assertEquals(2, batch.size());
        for (int i = 0; i < several.size(); i++) {
            Verdict alone = check(several.get(i).toBuilder());
            assertEquals(alone.getAllowed(), batch.get(i).getAllowed());
            assertEquals(alone.getViolationsList(), batch.get(i).getViolationsList());
            assertEquals(alone.getNextAllowedAt(), batch.get(i).getNextAllowedAt());
            assertEquals(alone.getCapacitiesList(), batch.get(i).getCapacitiesList());
        }
        assertFalse(batch.get(0).getAllowed());
        assertTrue(batch.get(1).getAllowed());
        var mixed = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
                () -> g.stub.checkEligibilityBatch(CheckEligibilityBatchRequest.newBuilder()
                        .addContacts(several.get(0)).addContacts(marketing("p-other", Channel.CHANNEL_SMS, "travel"))
                        .build()));
        assertEquals(List.of("contacts[1].person"), fields(mixed));
        var empty = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
                () -> g.stub.checkEligibilityBatch(CheckEligibilityBatchRequest.getDefaultInstance()));
        assertEquals(List.of("contacts"), fields(empty));

        // A push contact is only under the overall cap: allowed, and a reservation holds the last unit.
        ReserveContactResponse push = reserve(marketing("p-caps", Channel.CHANNEL_PUSH, "travel"));
        assertTrue(push.getGranted(), push.toString());
        Verdict full = check(marketing("p-caps", Channel.CHANNEL_WEB, "travel"));
        RuleViolation overall = violation(full, "global-weekly");
        assertEquals("2", overall.getReason().getFiguresOrThrow("used"));
        assertEquals("1", overall.getReason().getFiguresOrThrow("held"));
        assertTrue(overall.getReason().getMessage().contains("1 held by open reservations"),
                overall.getReason().getMessage());

        var released = g.stub.releaseReservation(ReleaseReservationRequest.newBuilder()
                .setReservationId(push.getReservationId()).setReason(Reason.newBuilder().setCode("SEND_CANCELLED"))
                .setIdempotencyKey(key()).build());
        assertTrue(released.getReleased());
        assertEquals(ReservationState.RESERVATION_STATE_RELEASED, released.getReservation().getState());
        assertTrue(check(marketing("p-caps", Channel.CHANNEL_WEB, "travel")).getAllowed());
    }

    @Test
    @Order(3)
    void aDivisionIsHeldToItsShareOfACap() {
        Instant now = Instant.now();
        g.madeAt("p-share", Channel.CHANNEL_PUSH, "cards", now.minus(Duration.ofDays(2)));
        g.madeAt("p-share", Channel.CHANNEL_WEB, "cards", now.minus(Duration.ofDays(1)));
        Verdict cards = check(marketing("p-share", Channel.CHANNEL_PUSH, "cards"));
        RuleViolation share = violation(cards, "global-weekly");
        assertEquals(RuleKind.RULE_KIND_DIVISION_SHARE, share.getKind());
        assertEquals("DIVISION_SHARE_REACHED", share.getReason().getCode());
        assertTrue(share.getReason().getMessage().startsWith("division cards share of the overall weekly cap 2 of 2"),
                share.getReason().getMessage());
        assertEquals("3", share.getReason().getFiguresOrThrow("cap_limit"));
        assertTrue(check(marketing("p-share", Channel.CHANNEL_PUSH, "travel")).getAllowed());
    }

    @Test
    @Order(4)
    void aMinimumGapCountsHeldContacts() {
        ReserveContactResponse first = reserve(marketing("p-gap", Channel.CHANNEL_EMAIL, "travel"));
        assertTrue(first.getGranted());
        ReserveContactResponse second = reserve(marketing("p-gap", Channel.CHANNEL_PUSH, "mortgages"));
        assertFalse(second.getGranted());
        RuleViolation gap = violation(second.getVerdict(), "gap-1h");
        assertEquals("MINIMUM_GAP_NOT_ELAPSED", gap.getReason().getCode());
        assertEquals("3600", gap.getReason().getFiguresOrThrow("min_gap_seconds"));
        assertTrue(second.getReservationId().isEmpty());
        // Service contacts skip marketing gaps and caps.
        assertTrue(reserve(contact("p-gap", Channel.CHANNEL_EMAIL, "travel", ContactCategory.CONTACT_CATEGORY_SERVICE))
                .getGranted());
    }

    @Test
    @Order(5)
    void retryingAReservationWithTheSameKeyNeverCountsTwice() {
        ReserveContactRequest request = ReserveContactRequest.newBuilder()
                .setContact(marketing("p-idem", Channel.CHANNEL_PUSH, "travel")).setIdempotencyKey(key()).build();
        ReserveContactResponse first = g.stub.reserveContact(request);
        ReserveContactResponse again = g.stub.reserveContact(request);
        assertTrue(first.getGranted());
        assertEquals(first.getReservationId(), again.getReservationId());
        ScopeCapacity overall = capacity(check(marketing("p-idem", Channel.CHANNEL_PUSH, "travel")
                .setPlannedAt(ts(Instant.now().plus(Duration.ofHours(2))))), "global-weekly", false);
        assertEquals(1, overall.getHeld());
        var reused = error(() -> g.stub.reserveContact(request.toBuilder()
                .setContact(marketing("p-idem", Channel.CHANNEL_WEB, "travel")).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(reused));
    }

    @Test
    @Order(6)
    void aReservationIsCommittedOnceAndClosedStatesRefuseIt() {
        ReserveContactResponse held = reserve(marketing("p-commit", Channel.CHANNEL_EMAIL, "travel"));
        var committed = g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setExternalRef("esp-42").setIdempotencyKey(key()).build());
        LedgerEntry entry = committed.getEntry();
        assertFalse(committed.getAlreadyCommitted());
        assertEquals("esp-42", entry.getExternalRef());
        assertEquals(ContactOutcome.CONTACT_OUTCOME_PENDING, entry.getOutcome());
        var again = g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setIdempotencyKey(key()).build());
        assertTrue(again.getAlreadyCommitted());
        assertEquals(entry.getEntryId(), again.getEntry().getEntryId());
        assertEquals(1, history("p-commit").getEntriesCount());

        var releaseCommitted = error(() -> g.stub.releaseReservation(ReleaseReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setReason(Reason.newBuilder().setCode("X"))
                .setIdempotencyKey(key()).build()));
        assertEquals("RESERVATION_COMMITTED", reason(releaseCommitted));

        ReserveContactResponse other = reserve(marketing("p-commit-2", Channel.CHANNEL_EMAIL, "travel"));
        g.stub.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(other.getReservationId())
                .setReason(Reason.newBuilder().setCode("SEND_CANCELLED")).setIdempotencyKey(key()).build());
        var afterRelease = error(() -> g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(other.getReservationId()).setIdempotencyKey(key()).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, afterRelease.getStatus().getCode());
        assertEquals("RESERVATION_RELEASED", reason(afterRelease));
        assertEquals(0, history("p-commit-2").getEntriesCount());

        ReserveContactResponse brief = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("p-commit-3", Channel.CHANNEL_EMAIL, "travel")).setTtlSeconds(1)
                .setIdempotencyKey(key()).build());
        clock.advance(Duration.ofSeconds(2));
        var expired = error(() -> g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(brief.getReservationId()).setIdempotencyKey(key()).build()));
        assertEquals("RESERVATION_EXPIRED", reason(expired));
        assertEquals(ReservationState.RESERVATION_STATE_EXPIRED, g.stub.getReservation(GetReservationRequest
                .newBuilder().setReservationId(brief.getReservationId()).build()).getReservation().getState());
        assertTrue(check(marketing("p-commit-3", Channel.CHANNEL_EMAIL, "travel")).getAllowed(),
                "an expired reservation frees its capacity");

        var unknown = error(() -> g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId("rsv-" + "0".repeat(32)).setIdempotencyKey(key()).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("RESERVATION_NOT_FOUND", reason(unknown));
        var malformed = error(() -> g.stub.getReservation(GetReservationRequest.newBuilder()
                .setReservationId("bogus").build()));
        assertEquals(List.of("reservation_id"), fields(malformed));

        var outcome = g.stub.recordContactOutcome(RecordContactOutcomeRequest.newBuilder()
                .setReservationId(held.getReservationId()).setOutcome(ContactOutcome.CONTACT_OUTCOME_RESPONDED)
                .setOccurredAt(ts(Instant.now())).setSource("esp-webhook").setIdempotencyKey(key()).build());
        assertEquals(ContactOutcome.CONTACT_OUTCOME_RESPONDED, outcome.getEntry().getOutcome());
        var regression = error(() -> g.stub.recordContactOutcome(RecordContactOutcomeRequest.newBuilder()
                .setLedgerEntryId(entry.getEntryId()).setOutcome(ContactOutcome.CONTACT_OUTCOME_DELIVERED)
                .setOccurredAt(ts(Instant.now())).setSource("esp-webhook").setIdempotencyKey(key()).build()));
        assertEquals("OUTCOME_REGRESSION", reason(regression));
    }

    /**
     * A reserve's reservation is its idempotency record: a granted reserve writes MongoDB twice (the
     * reservation before its counters step, its answer after) and keeps no other record; a refusal
     * is kept, counted by nothing, to answer its retries with the first answer even once capacity
     * frees, until the retention of idempotency records ends.
     */
    @Test
    @Order(5)
    void aReservationIsItsReservesIdempotencyRecordAndARefusalAnswersItsRetries() {
        String person = "p-reserve-record";
        Instant now = Instant.now();
        // a day's hold, the contacts planned hours apart (the policy's minimum gap is an hour)
        assertTrue(g.stub.reserveContact(ReserveContactRequest.newBuilder().setTtlSeconds(86_400)
                .setContact(marketing(person, Channel.CHANNEL_EMAIL, "travel").setPlannedAt(ts(now.plus(
                        Duration.ofHours(1))))).setIdempotencyKey(key()).build()).getGranted()); // counters loaded
        ReserveContactRequest second = ReserveContactRequest.newBuilder().setTtlSeconds(86_400)
                .setContact(marketing(person, Channel.CHANNEL_EMAIL, "travel").setPlannedAt(ts(now.plus(
                        Duration.ofHours(3))))).setIdempotencyKey(key()).build();
        java.util.Map<String, Double> before = mongoCommands();
        ReserveContactResponse granted = g.stub.reserveContact(second);
        assertTrue(granted.getGranted());
        java.util.Map<String, Double> after = mongoCommands();
        assertEquals(java.util.Map.of("insert/reservations", 1.0, "update/reservations", 1.0),
                delta(before, after), "a granted reserve's writes, and no idempotency record");
        java.util.Map<String, Double> reads = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            if (k.startsWith("find/") && v - before.getOrDefault(k, 0.0) != 0) {
                reads.put(k, v - before.getOrDefault(k, 0.0));
            }
        });
        assertEquals(java.util.Map.of("find/person_states", 1.0, "find/consents", 1.0), reads,
                "a granted reserve's reads: what became of the id, then consent and any stale mark in one document");

        // the email cap (2 a week) is reached: refused, and the refusal answers its retries
        ReserveContactRequest third = second.toBuilder().setContact(marketing(person, Channel.CHANNEL_EMAIL, "travel")
                .setPlannedAt(ts(now.plus(Duration.ofHours(5))))).setIdempotencyKey(key()).build();
        ReserveContactResponse refused = g.stub.reserveContact(third);
        assertFalse(refused.getGranted());
        assertEquals("FREQUENCY_CAP_REACHED", violation(refused.getVerdict(), "email-weekly").getReason().getCode());
        g.stub.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(granted.getReservationId())
                .setReason(Reason.newBuilder().setCode("SEND_CANCELLED")).setIdempotencyKey(key()).build());
        assertEquals(refused, g.stub.reserveContact(third), "a retry gets the first answer, not a new verdict");
        assertTrue(g.stub.reserveContact(third.toBuilder().setIdempotencyKey(key()).build()).getGranted(),
                "a new request is judged anew");
        assertEquals(ReservationState.RESERVATION_STATE_RELEASED, g.stub.getReservation(GetReservationRequest
                .newBuilder().setReservationId(granted.getReservationId()).build()).getReservation().getState());
        var reused = error(() -> g.stub.reserveContact(third.toBuilder().setTtlSeconds(80_000).build()));
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(reused));

        // a refusal by a rule no counter holds (an opt-out) is kept the same way
        String optedOut = "p-reserve-record-optout";
        g.stub.setConsents(SetConsentsRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(optedOut))
                .addChanges(ConsentChange.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_OUT))
                .setSource("web-preferences").setIdempotencyKey(key()).build());
        ReserveContactRequest blocked = ReserveContactRequest.newBuilder().setContact(marketing(optedOut,
                Channel.CHANNEL_EMAIL, "travel")).setIdempotencyKey(key()).build();
        ReserveContactResponse optOut = g.stub.reserveContact(blocked);
        assertFalse(optOut.getGranted());
        assertEquals(optOut, g.stub.reserveContact(blocked));

        // a refusal in the making whose process stopped before it answered (stored, no answer yet)
        // expires with the others
        Instant claimedAt = clock.instant();
        var inTheMaking = io.crowsnest.contactgovernance.domain.Reservation.held("rsv-" + "f".repeat(32), optedOut,
                new io.crowsnest.contactgovernance.domain.Reservation.PlannedContact(optedOut, null, "travel",
                        io.crowsnest.contactgovernance.domain.Category.MARKETING, "", null, "", null, "", "", ""),
                claimedAt, claimedAt.plus(Duration.ofMinutes(15)), null);
        assertTrue(reservationStore.claim(inTheMaking, false, "hash", claimedAt, Duration.ofSeconds(30),
                Duration.ofDays(30)) instanceof io.crowsnest.contactgovernance.store.ReservationStore.Claimed);
        assertNotNull(database.getCollection("reservations").find(new Document("_id", inTheMaking.reservationId()))
                .first().getDate("expireAt"));

        // past the retention the refusal is swept, and the key may run again
        clock.advance(Duration.ofDays(31));
        refusalExpirySweep.sweep();
        clock.reset();
        assertEquals(0, database.getCollection("reservations").countDocuments(new Document("personId", optedOut)));
        assertFalse(g.stub.reserveContact(blocked).getGranted());
    }

    /**
     * A reserve whose process stopped between storing its reservation and its answer leaves the key
     * claimed: a retry within the lease is told the request is running, one after it takes the
     * reservation over and grants the same one, counted once.
     */
    @Test
    @Order(5)
    void aReserveThatStoppedBeforeItsAnswerIsTakenOverAfterTheLease() {
        String person = "p-reserve-takeover";
        ReserveContactRequest request = ReserveContactRequest.newBuilder()
                .setContact(marketing(person, Channel.CHANNEL_EMAIL, "travel")).setIdempotencyKey(key()).build();
        ReserveContactResponse first = g.stub.reserveContact(request);
        assertTrue(first.getGranted());
        // what the stopped process left: the reservation claimed just now, without its answer
        database.getCollection("reservations").updateOne(new Document("_id", first.getReservationId()),
                new Document("$unset", new Document("answer", "")).append("$set",
                        new Document("claimedAt", java.util.Date.from(clock.instant()))));
        var running = error(() -> g.stub.reserveContact(request));
        assertEquals(Status.Code.ABORTED, running.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_IN_USE", reason(running));

        clock.advance(Duration.ofSeconds(31));
        ReserveContactResponse retried = g.stub.reserveContact(request);
        clock.reset();
        assertTrue(retried.getGranted());
        assertEquals(first.getReservationId(), retried.getReservationId());
        assertEquals(retried, g.stub.reserveContact(request), "the taker's answer is kept");
        assertTrue(Timestamps.instant(retried.getExpiresAt()).isAfter(Timestamps.instant(first.getExpiresAt())));
        assertEquals(retried.getExpiresAt(), g.stub.getReservation(GetReservationRequest.newBuilder()
                .setReservationId(retried.getReservationId()).build()).getReservation().getExpiresAt(),
                "the reservation is stored as the taker answered it, not as the stopped attempt made it");
        assertEquals(1, capacity(check(marketing(person, Channel.CHANNEL_PUSH, "travel")), "global-weekly", false)
                .getHeld(), "one reservation, held once");
    }

    /**
     * A retry of a reserve answered by the version before, which kept the answer as an idempotency
     * record and the reservation without its request's hash, gets that answer.
     */
    @Test
    @Order(5)
    void aRetryOfAReserveAnsweredBeforeReservationsKeptTheirAnswersGetsThatAnswer() {
        ReserveContactRequest request = ReserveContactRequest.newBuilder()
                .setContact(marketing("p-reserve-legacy", Channel.CHANNEL_EMAIL, "travel")).setIdempotencyKey(key())
                .build();
        ReserveContactResponse first = g.stub.reserveContact(request);
        // as the version before kept it
        database.getCollection("reservations").updateOne(new Document("_id", first.getReservationId()),
                new Document("$unset", new Document("answer", "").append("requestHash", "").append("claimedAt", "")));
        idempotency.once("ReserveContact", request.getIdempotencyKey(), request, ReserveContactResponse.parser(),
                () -> first);
        assertEquals(first, g.stub.reserveContact(request));
        var reused = error(() -> g.stub.reserveContact(request.toBuilder()
                .setContact(marketing("p-reserve-legacy", Channel.CHANNEL_PUSH, "travel")).build()));
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(reused));
    }

    /**
     * A commit is the hot path of every contact: it keeps its idempotency key in its reservation's
     * closure (no idempotency record of its own) and costs MongoDB three round trips — the
     * reservation read, its closure, the ledger entry — counted here by the service's own command
     * counter. A retry with the key answers the first answer, however late; the key reused with
     * other content, or for another reservation, is refused and changes nothing.
     */
    @Test
    @Order(6)
    void aCommitRunsOncePerKeyThroughItsReservationsClosureInThreeMongoRoundTrips() {
        ReserveContactResponse held = reserve(marketing("p-commit-key", Channel.CHANNEL_EMAIL, "travel"));
        String key = key();
        CommitReservationRequest request = CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setExternalRef("esp-1").setIdempotencyKey(key).build();
        java.util.Map<String, Double> before = mongoCommands();
        var first = g.stub.commitReservation(request);
        java.util.Map<String, Double> spent = delta(before, mongoCommands());
        assertFalse(first.getAlreadyCommitted());
        assertEquals(java.util.Map.of("find/reservations", 1.0, "insert/reservation_closures", 1.0,
                "insert/ledger", 1.0), spent, "a commit's MongoDB round trips, by command and collection");

        // a retry, even after the reservation's expiry, answers the first answer
        clock.advance(Duration.ofMinutes(16));
        var retried = g.stub.commitReservation(request);
        assertEquals(first, retried);
        assertEquals(ReservationState.RESERVATION_STATE_COMMITTED, g.stub.getReservation(GetReservationRequest
                .newBuilder().setReservationId(held.getReservationId()).build()).getReservation().getState());
        var otherKey = g.stub.commitReservation(request.toBuilder().setIdempotencyKey(key()).setExternalRef("esp-2")
                .build());
        assertTrue(otherKey.getAlreadyCommitted());
        assertEquals(first.getEntry(), otherKey.getEntry(), "the entry its first commit wrote");
        clock.reset();

        var otherContent = error(() -> g.stub.commitReservation(request.toBuilder().setExternalRef("esp-3").build()));
        assertEquals(Status.Code.ALREADY_EXISTS, otherContent.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(otherContent));

        ReserveContactResponse other = reserve(marketing("p-commit-key-2", Channel.CHANNEL_EMAIL, "travel"));
        var otherReservation = error(() -> g.stub.commitReservation(request.toBuilder()
                .setReservationId(other.getReservationId()).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, otherReservation.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(otherReservation));
        assertEquals(ReservationState.RESERVATION_STATE_HELD, g.stub.getReservation(GetReservationRequest
                .newBuilder().setReservationId(other.getReservationId()).build()).getReservation().getState(),
                "the refused commit changed nothing");
        assertEquals(0, history("p-commit-key-2").getEntriesCount());
        assertEquals(1, history("p-commit-key").getEntriesCount());
    }

    private java.util.Map<String, Double> mongoCommands() {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        for (io.micrometer.core.instrument.Counter c : meters.find("crowsnest.mongodb.commands").counters()) {
            out.merge(c.getId().getTag("command") + "/" + c.getId().getTag("collection"), c.count(), Double::sum);
        }
        return out;
    }

    /** What was spent between two readings on the reservations, their closures, the ledger and idempotency records. */
    private static java.util.Map<String, Double> delta(java.util.Map<String, Double> before,
            java.util.Map<String, Double> after) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            String collection = k.substring(k.indexOf('/') + 1);
            if (d != 0 && List.of("reservations", "reservation_closures", "ledger", "idempotency")
                    .contains(collection)) {
                out.put(k, d);
            }
        });
        return out;
    }

    @Test
    @Order(7)
    void anOptOutVoidsOpenReservationsAndBlocksUntilLifted() {
        ReserveContactResponse held = reserve(marketing("p-optout", Channel.CHANNEL_EMAIL, "travel"));
        assertTrue(held.getGranted());
        SetConsentsResponse set = g.stub.setConsents(SetConsentsRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-optout"))
                .addChanges(ConsentChange.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_OUT))
                .setSource("call-centre").setAgentId("a.smith").setNote("asked by phone").setIdempotencyKey(key())
                .build());
        assertEquals(List.of(held.getReservationId()), set.getVoidedReservationIdsList());
        assertEquals(1, set.getConsents().getRevision());
        var voided = error(() -> g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setIdempotencyKey(key()).build()));
        assertEquals("RESERVATION_VOIDED", reason(voided));

        Verdict verdict = check(marketing("p-optout", Channel.CHANNEL_EMAIL, "travel"));
        assertFalse(verdict.getAllowed());
        assertTrue(verdict.getBlockedIndefinitely());
        assertFalse(verdict.hasNextAllowedAt());
        assertEquals("OPTED_OUT", violation(verdict, "consent").getReason().getCode());
        assertEquals("call-centre", violation(verdict, "consent").getReason().getFiguresOrThrow("source"));

        // A regulatory notice is still allowed, with the opt-out listed as waived.
        Verdict mandatory = check(contact("p-optout", Channel.CHANNEL_EMAIL, "travel",
                ContactCategory.CONTACT_CATEGORY_MANDATORY));
        assertTrue(mandatory.getAllowed());
        assertTrue(mandatory.getWaivedViolationsList().stream().anyMatch(v -> v.getKind() == RuleKind.RULE_KIND_OPT_OUT));

        var changes = g.stub.listConsentChanges(ListConsentChangesRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-optout")).build());
        assertEquals(1, changes.getChangesCount());
        assertEquals("a.smith", changes.getChanges(0).getAgentId());
        assertEquals(List.of(held.getReservationId()), changes.getChanges(0).getVoidedReservationIdsList());

        var noAgent = error(() -> g.stub.setConsents(SetConsentsRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-optout"))
                .addChanges(ConsentChange.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_IN))
                .setSource("call-centre").setIdempotencyKey(key()).build()));
        assertEquals(List.of("agent_id"), fields(noAgent));
    }

    @Test
    @Order(8)
    void quietHoursFollowTheCustomersTimeZoneAndSmsNeedsAnOptIn() {
        Verdict noOptIn = check(marketing("p-quiet", Channel.CHANNEL_SMS, "travel"));
        assertEquals("OPT_IN_MISSING", violation(noOptIn, "consent").getReason().getCode());
        assertTrue(noOptIn.getBlockedIndefinitely());

        g.stub.setConsents(SetConsentsRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId("p-quiet"))
                .addChanges(ConsentChange.newBuilder().setChannel(Channel.CHANNEL_SMS)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_IN))
                .setTimeZone(TimeZoneChange.newBuilder().setTimeZone("America/New_York"))
                .setSource("web-preferences").setIdempotencyKey(key()).build());
        ZoneId newYork = ZoneId.of("America/New_York");
        LocalDate tomorrow = LocalDate.now(newYork).plusDays(1);
        Instant lateEvening = ZonedDateTime.of(tomorrow, LocalTime.of(22, 30), newYork).toInstant();
        Verdict verdict = check(marketing("p-quiet", Channel.CHANNEL_SMS, "travel").setPlannedAt(ts(lateEvening)));
        assertFalse(verdict.getAllowed());
        assertEquals("America/New_York", verdict.getTimeZone());
        assertEquals(TimeZoneSource.TIME_ZONE_SOURCE_CONSENT_RECORD, verdict.getTimeZoneSource());
        RuleViolation quiet = violation(verdict, "sms-night");
        assertEquals("22:30", quiet.getReason().getFiguresOrThrow("local_time"));
        Instant morning = ZonedDateTime.of(tomorrow.plusDays(1), LocalTime.of(8, 0), newYork).toInstant();
        assertEquals(morning, instant(verdict.getNextAllowedAt()));
        assertTrue(quiet.getReason().getMessage().contains("next allowed " + tomorrow.plusDays(1) + " 08:00"),
                quiet.getReason().getMessage());
        // The request's own zone wins over the stored one.
        Verdict paris = check(marketing("p-quiet", Channel.CHANNEL_SMS, "travel").setPlannedAt(ts(lateEvening))
                .setTimeZone("Asia/Tokyo"));
        assertEquals(TimeZoneSource.TIME_ZONE_SOURCE_REQUEST, paris.getTimeZoneSource());
    }

    @Test
    @Order(9)
    void anExternalContactGoesThroughTheRulesAndOverrideRecordsWhatHappened() {
        Instant now = Instant.now();
        g.madeAt("p-ext", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(2)));
        g.madeAt("p-ext", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(1)));
        RecordExternalContactRequest third = RecordExternalContactRequest.newBuilder()
                .setContact(marketing("p-ext", Channel.CHANNEL_EMAIL, "travel").setAgentId("b.jones"))
                .setContactedAt(ts(now.minus(Duration.ofMinutes(1)))).setExternalRef("call-7")
                .setIdempotencyKey(key()).build();
        RecordExternalContactResponse refused = g.stub.recordExternalContact(third);
        assertFalse(refused.getRecorded());
        assertFalse(refused.getVerdict().getAllowed());
        RecordExternalContactResponse overridden = g.stub.recordExternalContact(third.toBuilder().setOverride(true)
                .setIdempotencyKey(key()).build());
        assertTrue(overridden.getRecorded());
        assertTrue(overridden.getOverridden());
        assertTrue(overridden.getEntry().getOverriddenViolationsList().stream()
                .anyMatch(v -> v.getRuleId().equals("email-weekly")));

        ListContactHistoryResponse history = history("p-ext");
        assertEquals(3, history.getEntriesCount());
        assertEquals("call-7", history.getEntries(0).getExternalRef(), "newest first");
        ListContactHistoryResponse page = g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-ext"))
                .setPage(PageRequest.newBuilder().setPageSize(2)).build());
        assertEquals(2, page.getEntriesCount());
        ListContactHistoryResponse rest = g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-ext"))
                .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(page.getPage().getNextPageToken()))
                .build());
        assertEquals(1, rest.getEntriesCount());
        var otherFilter = error(() -> g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-ext")).addChannels(Channel.CHANNEL_SMS)
                .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(page.getPage().getNextPageToken()))
                .build()));
        assertEquals(List.of("page.page_token"), fields(otherFilter));
        assertEquals(0, g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("p-ext")).addChannels(Channel.CHANNEL_SMS).build())
                .getEntriesCount());
    }

    @Test
    @Order(10)
    void badInputIsRefusedWithTheFieldAndChangesNothing() {
        var division = error(() -> reserve(marketing("p-bad", Channel.CHANNEL_EMAIL, "pets")));
        assertEquals(Status.Code.INVALID_ARGUMENT, division.getStatus().getCode());
        assertEquals(List.of("contact.division.id"), fields(division));
        assertTrue(division.getStatus().getDescription().contains("DIVISION_UNKNOWN"));

        var channel = error(() -> reserve(marketing("p-bad", Channel.CHANNEL_UNSPECIFIED, "cards")));
        assertEquals(List.of("contact.channel"), fields(channel));

        var zone = error(() -> check(marketing("p-bad", Channel.CHANNEL_EMAIL, "cards").setTimeZone("Mars/Olympus")));
        assertEquals(List.of("contact.time_zone"), fields(zone));

        var past = error(() -> reserve(marketing("p-bad", Channel.CHANNEL_EMAIL, "cards")
                .setPlannedAt(ts(Instant.now().minus(Duration.ofHours(1))))));
        assertEquals(List.of("contact.planned_at"), fields(past));

        var several = error(() -> g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("p-bad", Channel.CHANNEL_EMAIL, "cards").setRequestingSystem(""))
                .setTtlSeconds(100_000).build()));
        assertEquals(List.of("ttl_seconds", "contact.requesting_system", "idempotency_key"), fields(several));

        assertEquals(0, history("p-bad").getEntriesCount());
        assertTrue(check(marketing("p-bad", Channel.CHANNEL_EMAIL, "cards")).getCapacitiesList().stream()
                .allMatch(c -> c.getHeld() == 0 && c.getUsed() == 0), "nothing was reserved");
    }

    @Test
    @Order(11)
    void afterRedisIsFlushedCountersAreRebuiltFromTheLedgerBeforeAnyGrant() {
        Instant now = Instant.now();
        g.madeAt("p-flush", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(2)));
        g.madeAt("p-flush", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(1)));
        ReserveContactResponse held = reserve(marketing("p-flush", Channel.CHANNEL_PUSH, "travel"));
        assertTrue(held.getGranted());
        try (JedisPooled jedis = new JedisPooled(java.net.URI.create(
                ConfigProvider.getConfig().getValue("crowsnest.redis.uri", String.class)))) {
            jedis.flushAll();
        }
        ReserveContactResponse email = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("p-flush", Channel.CHANNEL_EMAIL, "travel")
                        .setPlannedAt(ts(now.plus(Duration.ofHours(2)))))
                .setTtlSeconds(10_800).setIdempotencyKey(key()).build());
        assertFalse(email.getGranted(), "the email cap still holds after the flush");
        ScopeCapacity overall = capacity(email.getVerdict(), "global-weekly", false);
        assertEquals(2, overall.getUsed());
        assertEquals(1, overall.getHeld(), "the held reservation survived the flush");
    }

    @Test
    @Order(12)
    void whileRedisIsDownMarketingReservationsFailClosed() throws Exception {
        redis.close();
        try {
            var down = error(() -> reserve(marketing("p-down", Channel.CHANNEL_EMAIL, "travel")));
            assertEquals(Status.Code.UNAVAILABLE, down.getStatus().getCode());
            // A mandatory notice needs no counter and is still allowed.
            assertTrue(reserve(contact("p-down", Channel.CHANNEL_EMAIL, "travel",
                    ContactCategory.CONTACT_CATEGORY_MANDATORY)).getGranted());
        } finally {
            redis.restart();
        }
        assertTrue(reserve(marketing("p-down", Channel.CHANNEL_EMAIL, "travel")).getGranted());
        assertEquals(0, history("p-down").getEntriesCount());
    }

    /** What Redis losing the person's keys leaves: nothing of their counters. */
    private static void loseCounters(String person) {
        try (JedisPooled jedis = new JedisPooled(java.net.URI.create(
                ConfigProvider.getConfig().getValue("crowsnest.redis.uri", String.class)))) {
            jedis.del("cg:{" + person + "}:c", "cg:{" + person + "}:h", "cg:{" + person + "}:m");
        }
    }

    @Test
    @Order(13)
    void aCommitInFlightBetweenClosingItsReservationAndWritingItsLedgerEntryIsCountedByARebuild() {
        ReserveContactResponse held = reserve(marketing("p-inflight", Channel.CHANNEL_EMAIL, "travel"));
        assertTrue(held.getGranted());
        // A commit's first step, as a commit in flight leaves it: the reservation closed as committed,
        // its ledger entry and its counters step still to come; then Redis loses the person's keys.
        // (A whole commit, whose ledger entry is then taken away and whose counters Redis loses.)
        String key = key();
        assertFalse(g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setExternalRef("esp-first").setIdempotencyKey(key)
                .build()).getAlreadyCommitted());
        assertEquals(1, database.getCollection("ledger").deleteOne(
                new Document("_id", "le-" + held.getReservationId())).getDeletedCount());
        loseCounters("p-inflight");
        ScopeCapacity rebuilt = capacity(check(marketing("p-inflight", Channel.CHANNEL_EMAIL, "travel")),
                "global-weekly", false);
        assertEquals(0, rebuilt.getUsed());
        assertEquals(1, rebuilt.getHeld(), "the rebuild counts the contact being committed (as held), not nothing");

        // the commit completes (a retry with its key), writing the entry the first attempt meant;
        // rebuilt again, the contact counts once, as made
        var retried = g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setExternalRef("esp-first").setIdempotencyKey(key).build());
        assertFalse(retried.getAlreadyCommitted(), "the first commit's answer");
        assertEquals("esp-first", history("p-inflight").getEntries(0).getExternalRef());
        loseCounters("p-inflight");
        ScopeCapacity made = capacity(check(marketing("p-inflight", Channel.CHANNEL_EMAIL, "travel")),
                "global-weekly", false);
        assertEquals(1, made.getUsed());
        assertEquals(0, made.getHeld(), "a committed reservation whose ledger entry exists is not counted twice");
    }

    /**
     * Two batches reserve for one new person at once, retail in one and cards in the other, under a
     * cap of one: both store their reservation before taking capacity, and both rebuild the
     * person's counters from what MongoDB holds, each reading both reservations. The first to load
     * takes its step and refuses cards (retail counts). The other rebuild read before that refusal:
     * loading its picture would hold cards again, and retail's step would then be refused too —
     * nobody contacted (a whole-suite run's CampaignRestartTest saw exactly that). A refusal changes
     * the person's mark, so the stale rebuild reads again instead.
     */
    @Test
    @Order(13)
    void aRefusedReservationChangesThePersonsMarkSoAStaleRebuildCannotHoldItAgain() {
        String person = "p-refused-" + java.util.UUID.randomUUID();
        Instant now = Instant.now();
        Instant expires = now.plus(Duration.ofMinutes(15));
        var retail = heldContact("r-retail", now, "retail", "cmp-retail");
        var cards = heldContact("r-cards", now, "cards", "cmp-cards");
        var inFlight = List.of(new CounterStore.HeldReservation(retail, expires),
                new CounterStore.HeldReservation(cards, expires));
        Duration keyTtl = Duration.ofDays(9);
        Instant loadedFrom = now.minus(Duration.ofDays(8));
        var cap = weeklyMarketingCap(1);

        String mark = counters.epoch(person); // both rebuilds read the mark, then MongoDB
        assertTrue(counters.load(person, mark, loadedFrom, 0, keyTtl, List.of(), inFlight));
        var cardsStep = counters.reserve(person, now, now.minus(Duration.ofDays(7)), 0, keyTtl,
                List.of(new CounterStore.Item(cards, expires, true, List.of(cap), List.of())));
        assertFalse(cardsStep.grants()[0], "retail's reservation counts against the cap of one");
        assertFalse(counters.load(person, mark, loadedFrom, 0, keyTtl, List.of(), inFlight),
                "a rebuild read before the refusal must read again, not hold the refused reservation");
        var retailStep = counters.reserve(person, now, now.minus(Duration.ofDays(7)), 0, keyTtl,
                List.of(new CounterStore.Item(retail, expires, true, List.of(cap), List.of())));
        assertTrue(retailStep.grants()[0], "retail takes the capacity cards was refused");
    }

    /**
     * A reserve retried after its first answer was lost (the process stopped, or MongoDB went away
     * before the answer was stored) asks again at a later instant, as its contact has no planned one.
     * The reservation still holds one slot, and its commit frees it under whichever instant it was
     * stored: before, the first try's member stayed held until it expired, and the person stopped
     * one contact short of the cap (a whole-suite run's fault suite saw 127 of 128 contacts).
     */
    @Test
    @Order(13)
    void aRetriedReservationHoldsOneSlotAndItsCommitFreesItWhateverInstantItCarries() {
        String person = "p-retried-" + java.util.UUID.randomUUID();
        Instant now = Instant.now();
        Instant expires = now.plus(Duration.ofMinutes(15));
        Duration keyTtl = Duration.ofDays(9);
        var firstTry = heldContact("r-retried", now, "retail", "");
        var retry = heldContact("r-retried", now.plusSeconds(2), "retail", "");
        var other = heldContact("r-other", now.plusSeconds(3), "cards", "");
        var capOfTwo = weeklyMarketingCap(2);
        java.util.function.Function<io.crowsnest.contactgovernance.domain.CountedContact, Boolean> reserve = c ->
                counters.reserve(person, now, now.minus(Duration.ofDays(7)), 0, keyTtl,
                        List.of(new CounterStore.Item(c, expires, true, List.of(capOfTwo), List.of()))).grants()[0];
        assertTrue(counters.load(person, counters.epoch(person), now.minus(Duration.ofDays(8)), 0, keyTtl,
                List.of(), List.of()));

        assertTrue(reserve.apply(firstTry));
        assertTrue(reserve.apply(retry), "the retry holds its own reservation again");
        assertTrue(reserve.apply(other), "the retried reservation takes one slot of two, not two");
        var made = new io.crowsnest.contactgovernance.domain.CountedContact("r-retried", now.plusSeconds(5),
                firstTry.channel(), "retail", firstTry.category(), "", false);
        counters.commit(person, firstTry, made, keyTtl);

        var after = counters.reserve(person, now, now.minus(Duration.ofDays(7)), 0, keyTtl, List.of()).snapshot();
        assertEquals(List.of("r-other"), after.stream().filter(c -> c.held()).map(c -> c.id()).toList(),
                "the commit freed the retried reservation's slot: " + after);
        assertEquals(List.of("r-retried"), after.stream().filter(c -> !c.held()).map(c -> c.id()).toList());
        counters.release(person, List.of(heldContact("r-other", now, "cards", "")));
        assertTrue(counters.reserve(person, now, now.minus(Duration.ofDays(7)), 0, keyTtl, List.of()).snapshot()
                .stream().noneMatch(c -> c.held()), "a release frees a slot by its id too");
    }

    /** A held marketing email of the division (and campaign, "" for none), as the counters keep it. */
    private static io.crowsnest.contactgovernance.domain.CountedContact heldContact(String id, Instant at,
            String division, String campaignId) {
        return new io.crowsnest.contactgovernance.domain.CountedContact(id, at,
                io.crowsnest.contactgovernance.domain.Channel.EMAIL, division,
                io.crowsnest.contactgovernance.domain.Category.MARKETING, campaignId, true);
    }

    /** A global cap of {@code limit} marketing contacts a week, as the counters apply it. */
    private static io.crowsnest.contactgovernance.domain.CounterRule weeklyMarketingCap(int limit) {
        return new io.crowsnest.contactgovernance.domain.CounterRule("global-weekly", false,
                io.crowsnest.contactgovernance.domain.CapScope.GLOBAL, null, null, null,
                java.util.Set.of(io.crowsnest.contactgovernance.domain.Category.MARKETING), Duration.ofDays(7),
                "a week", limit, limit, false);
    }

    @Test
    @Order(13)
    void aRetriedCommitRepairsCountersThatACrashedCommitLeftHoldingTheContact() {
        ReserveContactResponse held = reserve(marketing("p-crash", Channel.CHANNEL_EMAIL, "travel"));
        String contacts = "cg:{p-crash}:c";
        String holds = "cg:{p-crash}:h";
        try (JedisPooled jedis = new JedisPooled(java.net.URI.create(
                ConfigProvider.getConfig().getValue("crowsnest.redis.uri", String.class)))) {
            var reservation = jedis.zrangeWithScores(holds, 0, -1).get(0);
            g.stub.commitReservation(CommitReservationRequest.newBuilder()
                    .setReservationId(held.getReservationId()).setIdempotencyKey(key()).build());
            // What a commit leaves when its process stops after the ledger entry, before the counters:
            // the contact still counted as the held reservation (until its expiry), not as made.
            jedis.zrem(contacts, jedis.zrange(contacts, 0, -1).toArray(String[]::new));
            jedis.zadd(holds, reservation.getScore(), reservation.getElement());
        }
        ScopeCapacity crashed = capacity(check(marketing("p-crash", Channel.CHANNEL_EMAIL, "travel")),
                "global-weekly", false);
        assertEquals(0, crashed.getUsed());
        assertEquals(1, crashed.getHeld());

        var retried = g.stub.commitReservation(CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setIdempotencyKey(key()).build());
        assertTrue(retried.getAlreadyCommitted());
        ScopeCapacity repaired = capacity(check(marketing("p-crash", Channel.CHANNEL_EMAIL, "travel")),
                "global-weekly", false);
        assertEquals(1, repaired.getUsed(), "the retried commit counted the contact as made");
        assertEquals(0, repaired.getHeld());
        assertEquals(1, history("p-crash").getEntriesCount());
    }

    @Test
    @Order(14)
    void aCommitThatMissedTheCountersMarksThePersonStaleAndAnErasureLeavesNoMark() throws Exception {
        ReserveContactResponse held = reserve(marketing("p-stale", Channel.CHANNEL_EMAIL, "travel"));
        redis.close();
        try {
            assertFalse(g.stub.commitReservation(CommitReservationRequest.newBuilder()
                    .setReservationId(held.getReservationId()).setIdempotencyKey(key()).build()).getAlreadyCommitted(),
                    "the ledger is the truth: the commit holds while Redis is away");
        } finally {
            redis.restart();
        }
        var marks = database.getCollection("consents");
        Document marked = marks.find(new Document("_id", "p-stale")).first();
        assertNotNull(marked, "rebuilt before the next grant: the mark is in the person's consents document");
        assertNotNull(marked.get("countersStale"));
        assertNull(marked.get("proto"), "a document holding only the mark: no consent was ever recorded");
        assertEquals(1, capacity(check(marketing("p-stale", Channel.CHANNEL_EMAIL, "travel")), "global-weekly", false)
                .getUsed(), "the check rebuilt the counters from the ledger");
        assertNull(marks.find(new Document("_id", "p-stale")).first(), "the mark is cleared once the counters are rebuilt");

        ReserveContactResponse again = g.stub.reserveContact(ReserveContactRequest.newBuilder().setTtlSeconds(86_400)
                .setContact(marketing("p-stale", Channel.CHANNEL_EMAIL, "travel").setPlannedAt(ts(Instant.now()
                        .plus(Duration.ofHours(3))))).setIdempotencyKey(key()).build());
        assertTrue(again.getGranted());
        redis.close();
        try {
            g.stub.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(again.getReservationId())
                    .setReason(Reason.newBuilder().setCode("SEND_FAILED")).setIdempotencyKey(key()).build());
        } finally {
            redis.restart();
        }
        assertNotNull(marks.find(new Document("_id", "p-stale")).first(), "a release that missed the counters marks too");
        g.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId("p-stale")
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(key()).build());
        assertNull(marks.find(new Document("_id", "p-stale")).first(), "nothing keyed by the erased id remains");
    }

    /**
     * A stale mark makes the next grant rebuild the counters first, whatever else the person's
     * consents document holds: a mark left by an instance of the version before (in
     * {@code stale_counters}) is moved there by the sweep, a consent recorded after the mark keeps it
     * (and the mark does not keep the first consent from being recorded), and the grant that rebuilt
     * clears it. The counters here missed a commit: without the rebuild the policy's minimum gap of an
     * hour would grant a second email half an hour after it.
     */
    @Test
    @Order(15)
    void aStaleMarkRebuildsTheCountersBeforeTheNextGrantWhereverItWasWritten() {
        String person = "p-stale-moved";
        ReserveContactResponse first = reserve(marketing(person, Channel.CHANNEL_EMAIL, "travel"));
        assertTrue(first.getGranted());
        g.stub.commitReservation(CommitReservationRequest.newBuilder().setReservationId(first.getReservationId())
                .setIdempotencyKey(key()).build());
        try (JedisPooled jedis = new JedisPooled(java.net.URI.create(
                ConfigProvider.getConfig().getValue("crowsnest.redis.uri", String.class)))) {
            // the counters miss the commit, as when its counters step could not reach Redis
            String contacts = "cg:{" + person + "}:c";
            jedis.zrem(contacts, jedis.zrange(contacts, 0, -1).toArray(String[]::new));
        }
        assertEquals(0, capacity(check(marketing(person, Channel.CHANNEL_EMAIL, "travel")), "global-weekly", false)
                .getUsed(), "the counters as the missed commit left them, no mark yet");

        var legacy = database.getCollection("stale_counters");
        legacy.insertOne(new Document("_id", person).append("markedAt", new java.util.Date()));
        assertEquals(1, legacyStaleMarkSweep.sweep());
        assertNull(legacy.find(new Document("_id", person)).first(), "moved, not copied");
        var consentsDocs = database.getCollection("consents");
        assertNotNull(consentsDocs.find(new Document("_id", person)).first().get("countersStale"));

        SetConsentsResponse set = g.stub.setConsents(SetConsentsRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(person))
                .addChanges(ConsentChange.newBuilder().setChannel(Channel.CHANNEL_SMS)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_IN))
                .setSource("web-preferences").setIdempotencyKey(key()).build());
        assertEquals(1, set.getConsents().getRevision(), "the first consent recorded beside the mark");
        assertNotNull(consentsDocs.find(new Document("_id", person)).first().get("countersStale"),
                "the consent write kept the mark");

        ReserveContactResponse second = g.stub.reserveContact(ReserveContactRequest.newBuilder().setTtlSeconds(3_600)
                .setContact(marketing(person, Channel.CHANNEL_EMAIL, "travel").setPlannedAt(ts(Instant.now()
                        .plus(Duration.ofMinutes(30))))).setIdempotencyKey(key()).build());
        assertFalse(second.getGranted(), "rebuilt from the ledger first: the committed email counts");
        violation(second.getVerdict(), "gap-1h");
        assertEquals(1, capacity(second.getVerdict(), "global-weekly", false).getUsed());
        Document after = consentsDocs.find(new Document("_id", person)).first();
        assertNull(after.get("countersStale"), "cleared by the grant that rebuilt");
        assertNotNull(after.get("proto"), "the consent stays");
    }
}
