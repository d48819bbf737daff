package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.ofType;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.rule;
import static io.crowsnest.scoring.Scoring.score;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.BehaviourFeatures;
import io.crowsnest.scoring.v1.EventFrequency;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.ScoreContribution;
import io.crowsnest.scoring.v1.ScoreValue;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.SourceShare;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** GetScores through real gRPC: scores with explanations, behaviour features, lookups by identifier. */
@QuarkusTest
@TestProfile(Stores.class)
class GetScoresTest extends WithScoringClient {

    private PersonScores scores(String personId, int limit) {
        return scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).setExplanationLimit(limit).build())
                .getScores();
    }

    private static ScoreValue named(PersonScores scores, String name) {
        return scores.getScoresList().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void eachScoreIsExplainedByItsTopContributionsAndTheRest() {
        String intent = unique("s");
        String floor = unique("s");
        String view = unique("t");
        String pricing = unique("t");
        String planId = unique("p-");
        scoring.activePlan(ScoringPlan.newBuilder().setPlanId(planId).setDisplayName("Web")
                .addScores(score(intent, 0, 0, 1000)).addScores(score(floor, 0, 5, 100))
                .addRules(rule("viewed", ofType(view), intent, 10))
                .addRules(rule("pricing", ofType(pricing), intent, 30)).build());
        String person = unique("person-");
        for (int i = 0; i < 3; i++) {
            scoring.observe(event(person, view, Instant.now()));
        }
        ObserveEventRequest pricingEvent = event(person, pricing, Instant.now());
        scoring.observe(pricingEvent);
        PersonScores scores = scores(person, 2);
        assertEquals(person, scores.getPersonId());
        ScoreValue value = named(scores, intent);
        assertEquals(60, value.getValue(), 1e-9);
        assertEquals(planId, value.getPlanId());
        assertEquals(1, value.getPlanVersion());
        assertEquals(2, value.getTopContributionsCount());
        ScoreContribution top = value.getTopContributions(0);
        assertEquals("pricing", top.getRuleId());
        assertEquals(pricingEvent.getEventId(), top.getEventId());
        assertEquals(pricing, top.getEventType());
        assertEquals("rule pricing", top.getRuleDescription());
        assertEquals(30, top.getPointsAwarded(), 1e-9);
        assertEquals(30, top.getPointsNow(), 1e-9);
        assertEquals("viewed", value.getTopContributions(1).getRuleId());
        assertEquals(20, value.getOtherPoints(), 1e-9);
        assertTrue(value.hasLastAwardedAt());
        ScoreValue never = named(scores, floor);
        assertEquals(5, never.getValue(), 1e-9);
        assertEquals(0, never.getTopContributionsCount());
        assertFalse(never.hasLastAwardedAt());
    }

    @Test
    void behaviourFeaturesCountRecencyFrequencySessionsSourcesAndPurchases() {
        String person = unique("person-");
        Instant now = Instant.now();
        Instant twoDaysAgo = now.minus(Duration.ofDays(2));
        scoring.observe(event(person, "page_view", twoDaysAgo).toBuilder().setSessionId("s1").setPageDepth(1)
                .setTimeOnPageSeconds(20).setReferrer("https://www.google.com/search?q=cards").build());
        scoring.observe(event(person, "page_view", twoDaysAgo.plusSeconds(60)).toBuilder().setSessionId("s1")
                .setPageDepth(2).setTimeOnPageSeconds(30).build());
        scoring.observe(event(person, "page_view", now.minusSeconds(10)).toBuilder().setSessionId("s2")
                .setPageDepth(1).setTimeOnPageSeconds(5)
                .putProperties("utm_source", Value.newBuilder().setStringValue("Newsletter").build()).build());
        scoring.observe(event(person, "purchase", now.minusSeconds(5)).toBuilder().setChannel(Channel.CHANNEL_STORE)
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1999)).build());
        scoring.observe(event(person, "purchase", now.minusSeconds(4)).toBuilder().setChannel(Channel.CHANNEL_STORE)
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(-500)).build());

        BehaviourFeatures f = scores(person, 0).getFeatures();
        assertEquals(5, f.getEventCount());
        assertEquals(twoDaysAgo.toEpochMilli(), Timestamps.instant(f.getFirstEventAt()).toEpochMilli());
        assertEquals(now.minusSeconds(4).toEpochMilli(), Timestamps.instant(f.getLastEventAt()).toEpochMilli());
        assertEquals(2, f.getPurchaseCount());
        assertEquals(List.of(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1499).build()),
                f.getPurchaseAmountsList());
        assertEquals(Map.of("page_view|CHANNEL_WEB", now.minusSeconds(10).toEpochMilli(),
                "purchase|CHANNEL_STORE", now.minusSeconds(4).toEpochMilli()),
                f.getRecencyList().stream().collect(Collectors.toMap(r -> r.getEventType() + "|" + r.getChannel(),
                        r -> Timestamps.instant(r.getLastOccurredAt()).toEpochMilli())));
        Map<String, Long> frequency = f.getFrequencyList().stream().collect(Collectors.toMap(
                fr -> fr.getWindow().getLength() + "d:" + fr.getEventType(), EventFrequency::getCount));
        assertEquals(3L, frequency.get("1d:"));
        assertEquals(1L, frequency.get("1d:page_view"));
        assertEquals(5L, frequency.get("7d:"));
        assertEquals(3L, frequency.get("30d:page_view"));
        assertEquals("s2", f.getLastSession().getSessionId());
        assertEquals("newsletter", f.getLastSession().getTrafficSource());
        assertEquals(2, f.getSessionsLast30Days());
        assertEquals(1.5, f.getAverageSessionPageDepth(), 1e-9);
        // s1: max(20 + 30, 60 s apart) = 60; s2: 5
        assertEquals(32.5, f.getAverageSessionSeconds(), 1e-9);
        assertEquals(Map.of("direct", 3L, "google.com", 1L, "newsletter", 1L), f.getSourceMixList().stream()
                .collect(Collectors.toMap(SourceShare::getTrafficSource, SourceShare::getEventCount)));
        assertEquals("direct", f.getSourceMix(0).getTrafficSource());
        assertEquals(0.6, f.getSourceMix(0).getShare(), 1e-9);
    }

    @Test
    void aPersonIsFoundByIdentifierThroughIdentity() {
        String person = unique("person-");
        scoring.observe(event(person, "page_view", Instant.now()));
        String crm = unique("crm-");
        IdentityStub.HOLDERS.put("crm|" + crm, person);
        PersonScores byIdentifier = scoring.stub.getScores(GetScoresRequest.newBuilder().setPerson(PersonRef
                .newBuilder().setIdentifier(Identifier.newBuilder().setType("crm").setValue(crm))).build())
                .getScores();
        assertEquals(person, byIdentifier.getPersonId());
        assertEquals(1, byIdentifier.getFeatures().getEventCount());
        StatusRuntimeException unknown = error(() -> scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setIdentifier(Identifier.newBuilder().setType("crm")
                        .setValue(unique("crm-")))).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(unknown));
    }

    @Test
    void anUnknownPersonOrABadRequestIsAClearError() {
        StatusRuntimeException unknown = error(() -> scores(unique("nobody-"), 0));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(unknown));
        StatusRuntimeException bad = error(() -> scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setExplanationLimit(51).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("person", "explanation_limit"), fields(bad));
        StatusRuntimeException malformed = error(() -> scores("no spaces allowed", 0));
        assertEquals(List.of("person.person_id"), fields(malformed));
    }
}
