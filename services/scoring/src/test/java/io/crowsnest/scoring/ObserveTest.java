package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.ofType;
import static io.crowsnest.scoring.Scoring.plan;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.rule;
import static io.crowsnest.scoring.Scoring.score;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.time.MovableClock;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.RuleCap;
import io.crowsnest.scoring.v1.RuleMatch;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** ObserveEvent through real gRPC against real Redis and MongoDB. */
@QuarkusTest
@TestProfile(Stores.class)
class ObserveTest extends WithScoringClient {

    private static final double EPS = 1e-6;

    @Inject
    MovableClock clock;

    /** A fresh plan awarding 10 points (no decay, 0 to 100) on events of a fresh type; [score, type]. */
    private String[] freshPlan() {
        String score = unique("s");
        String type = unique("t");
        scoring.activePlan(plan(unique("p-"), score, type));
        return new String[] {score, type};
    }

    private ObserveEventResponse observe(String person, String type, Instant at) {
        return scoring.observe(event(person, type, at));
    }

    @Test
    void aMatchingRuleAwardsItsPointsAndTheAnswerSaysWhich() {
        String[] p = freshPlan();
        String person = unique("person-");
        ObserveEventResponse first = observe(person, p[1], Instant.now());
        assertFalse(first.getDuplicate());
        assertEquals(person, first.getPersonId());
        assertEquals(1, first.getMatchedRulesCount());
        RuleMatch match = first.getMatchedRules(0);
        assertEquals("r1", match.getRuleId());
        assertEquals(1, match.getPlanVersion());
        assertTrue(match.getApplied());
        assertEquals(10, match.getPointsAwarded(0).getPoints(), EPS);
        assertEquals(10, first.getScoresAfterOrThrow(p[0]), EPS);
        assertEquals(20, observe(person, p[1], Instant.now()).getScoresAfterOrThrow(p[0]), EPS);
        ObserveEventResponse other = observe(person, unique("t"), Instant.now());
        assertEquals(0, other.getMatchedRulesCount());
        assertEquals(20, other.getScoresAfterOrThrow(p[0]), EPS);
    }

    @Test
    void aRedeliveredEventNeverCountsTwiceAndGetsTheFirstAnswer() {
        String[] p = freshPlan();
        String person = unique("person-");
        ObserveEventRequest event = event(person, p[1], Instant.now());
        ObserveEventResponse first = scoring.observe(event);
        ObserveEventResponse again = scoring.observe(event);
        assertTrue(again.getDuplicate());
        assertEquals(first.toBuilder().setDuplicate(true).build(), again);
        assertEquals(20, observe(person, p[1], Instant.now()).getScoresAfterOrThrow(p[0]), EPS);
    }

    @Test
    void theSameEventFromEightThreadsAtOnceCountsOnce() throws Exception {
        String[] p = freshPlan();
        String person = unique("person-");
        ObserveEventRequest event = event(person, p[1], Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ObserveEventResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> {
                try (Scoring client = new Scoring()) {
                    start.await();
                    return client.observe(event);
                }
            }));
        }
        start.countDown();
        int applied = 0;
        for (Future<ObserveEventResponse> answer : answers) {
            ObserveEventResponse r = answer.get();
            applied += r.getDuplicate() ? 0 : 1;
            assertEquals(10, r.getScoresAfterOrThrow(p[0]), EPS);
        }
        pool.shutdown();
        assertEquals(1, applied);
        assertEquals(20, observe(person, p[1], Instant.now()).getScoresAfterOrThrow(p[0]), EPS);
    }

    @Test
    void anEventIdReusedWithOtherContentIsRefusedAndChangesNothing() {
        String[] p = freshPlan();
        String person = unique("person-");
        ObserveEventRequest event = event(person, p[1], Instant.now());
        scoring.observe(event);
        StatusRuntimeException e = error(() -> scoring.observe(event.toBuilder().setPersonId(unique("other-"))
                .build()));
        assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
        assertEquals("EVENT_ID_REUSED", reason(e));
        StatusRuntimeException type = error(() -> scoring.observe(event.toBuilder().setEventType("search").build()));
        assertEquals("EVENT_ID_REUSED", reason(type));
        assertEquals(20, observe(person, p[1], Instant.now()).getScoresAfterOrThrow(p[0]), EPS);
    }

    @Test
    void anEventWithoutTypeOrTimeOrInTheFutureIsRefusedAndNothingIsRecorded() {
        String[] p = freshPlan();
        String person = unique("person-");
        ObserveEventRequest good = event(person, p[1], Instant.now());
        StatusRuntimeException missing = error(() -> scoring.observe(good.toBuilder().clearEventType()
                .clearOccurredAt().setChannel(Channel.CHANNEL_UNSPECIFIED).setPageDepth(-1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, missing.getStatus().getCode());
        assertEquals(List.of("event_type", "channel", "occurred_at", "page_depth"), fields(missing));
        StatusRuntimeException future = error(() -> scoring.observe(good.toBuilder()
                .setOccurredAt(Timestamps.of(Instant.now().plus(Duration.ofHours(1)))).build()));
        assertEquals("EVENT_IN_FUTURE", reason(future));
        assertEquals(List.of("occurred_at"), fields(future));
        StatusRuntimeException money = error(() -> scoring.observe(good.toBuilder()
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("XXY").setAmountMinor(100)).build()));
        assertEquals(List.of("purchase_amount", "purchase_amount.currency_code"), fields(money));
        // the refused attempts recorded nothing: the id is still free and the score untouched
        ObserveEventResponse accepted = scoring.observe(good);
        assertFalse(accepted.getDuplicate());
        assertEquals(10, accepted.getScoresAfterOrThrow(p[0]), EPS);
    }

    @Test
    void aCapStopsARuleWithinItsWindowAndTheMatchStillShows() {
        String score = unique("s");
        String type = unique("t");
        ScoringPlan plan = plan(unique("p-"), score, type).toBuilder()
                .setRules(0, rule("capped", ofType(type), score, 10).toBuilder().setCap(RuleCap.newBuilder()
                        .setMaxApplications(2).setWindow(RollingWindow.newBuilder().setLength(1)
                                .setUnit(WindowUnit.WINDOW_UNIT_DAYS))))
                .build();
        scoring.activePlan(plan);
        String person = unique("person-");
        assertTrue(observe(person, type, Instant.now()).getMatchedRules(0).getApplied());
        assertTrue(observe(person, type, Instant.now()).getMatchedRules(0).getApplied());
        ObserveEventResponse third = observe(person, type, Instant.now());
        assertFalse(third.getMatchedRules(0).getApplied());
        assertEquals(0, third.getMatchedRules(0).getPointsAwardedCount());
        assertEquals(20, third.getScoresAfterOrThrow(score), EPS);
        // caps count per person
        assertTrue(observe(unique("person-"), type, Instant.now()).getMatchedRules(0).getApplied());
    }

    @Test
    void theValueIsClampedEachTimePointsAreAdded() {
        String score = unique("s");
        String type = unique("t");
        scoring.activePlan(plan(unique("p-"), score, type).toBuilder().setScores(0, score(score, 0, 0, 25)).build());
        String person = unique("person-");
        observe(person, type, Instant.now());
        observe(person, type, Instant.now());
        ObserveEventResponse third = observe(person, type, Instant.now());
        assertEquals(5, third.getMatchedRules(0).getPointsAwarded(0).getPoints(), EPS);
        assertEquals(25, third.getScoresAfterOrThrow(score), EPS);
    }

    @Test
    void pointsDecayWithTheHalfLifeFromOccurredAtAndLateEventsCountDecayed() {
        String score = unique("s");
        String type = unique("t");
        String planId = unique("p-");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        scoring.write(plan(planId, score, type).toBuilder().setScores(0, score(score, 60, 0, 1000)).build(), 0);
        scoring.stub.activateScoringPlanVersion(Scoring.activation(planId, 1).toBuilder()
                .setEffectiveFrom(Timestamps.of(now.minus(Duration.ofMinutes(4)))).build());
        String person = unique("person-");
        Instant a = now.minus(Duration.ofMinutes(3));
        Instant b = now.minus(Duration.ofMinutes(1));
        Instant late = now.minus(Duration.ofMinutes(2));
        assertEquals(0, observe(person, type, now.minus(Duration.ofMinutes(5))).getMatchedRulesCount());
        observe(person, type, a);
        ObserveEventResponse second = observe(person, type, b);
        Instant at = Timestamps.instant(second.getProcessedAt());
        assertEquals(decayed(a, at) + decayed(b, at), second.getScoresAfterOrThrow(score), 1e-6);
        ObserveEventResponse third = observe(person, type, late);
        assertEquals(10, third.getMatchedRules(0).getPointsAwarded(0).getPoints(), 1e-6);
        Instant at3 = Timestamps.instant(third.getProcessedAt());
        assertEquals(decayed(a, at3) + decayed(b, at3) + decayed(late, at3), third.getScoresAfterOrThrow(score),
                1e-6);
    }

    /** 10 points awarded at t, worth at now with a 60 s half-life. */
    private static double decayed(Instant t, Instant now) {
        return 10 * Math.pow(0.5, Duration.between(t, now).toMillis() / 60_000.0);
    }

    @Test
    void anEventIsScoredByTheVersionInForceAtItsOccurredAt() throws Exception {
        String score = unique("s");
        String type = unique("t");
        String planId = unique("p-");
        scoring.activePlan(plan(planId, score, type));
        scoring.write(plan(planId, score, type).toBuilder().setRules(0, rule("r1", ofType(type), score, 20)).build(),
                1);
        clock.advance(Duration.ofSeconds(1));
        Instant between = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        try {
            scoring.activate(planId, 2);
            String person = unique("person-");
            ObserveEventResponse now = observe(person, type, clock.instant());
            assertEquals(2, now.getMatchedRules(0).getPlanVersion());
            assertEquals(20, now.getScoresAfterOrThrow(score), EPS);
            ObserveEventResponse late = observe(person, type, between);
            assertEquals(1, late.getMatchedRules(0).getPlanVersion());
            assertEquals(10, late.getMatchedRules(0).getPointsAwarded(0).getPoints(), EPS);
            assertEquals(30, late.getScoresAfterOrThrow(score), EPS);
            assertEquals(0, observe(person, type, clock.instant().minus(Duration.ofHours(1))).getMatchedRulesCount());
        } finally {
            clock.advance(Duration.ofSeconds(-2));
        }
    }
}
