package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.crowsnest.scoring.v1.BehaviourFeatures;
import io.crowsnest.scoring.v1.ValueScores;

class SegmentLanguageTest {

    private final SegmentLanguage language = new SegmentLanguage(Set.of("purchase_intent", "engagement"),
            BehaviourFeatures.getDescriptor(), ValueScores.getDescriptor(),
            Map.of("attributes", "attributes are not available to segments in this version"));

    private List<String> problems(String expression) {
        return language.compile(expression).problems().stream().map(SegmentLanguage.Problem::describe).toList();
    }

    @Test
    void aValidExpressionCompilesWithTheVariablesItReads() {
        SegmentLanguage.Compilation c = language.compile(
                "scores.purchase_intent >= 60 && now - features.last_event_at < duration(\"24h\")");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("features.last_event_at", "now", "scores.purchase_intent"), c.compiled().variables());
        assertTrue(c.compiled().timeDependent());
        assertFalse(language.compile("scores.engagement > 1.5").compiled().timeDependent());
    }

    @Test
    void theExamplesOfTheDocumentationCompile() {
        for (String example : List.of(
                "scores.purchase_intent >= 60", "features.purchase_count > 2",
                "now - features.last_event_at > duration(\"720h\")",
                "has(value.rfm) && value.rfm.monetary_quintile == 5", "value.churn_risk.probability > 0.7",
                "value.profitability.tier_id == \"high\"",
                "events.exists(e, e.event_type == \"cart_add\" && now - e.occurred_at < duration(\"1h\"))",
                "now.getHours(\"Europe/Paris\") >= 8",
                "scores.purchase_intent >= 60.0 && now - features.last_event_at < duration(\"24h\")",
                "features.purchase_count > 0 && now - features.last_purchase_at > duration(\"720h\")",
                "value.churn_risk.probability > 0.6 && value.profitability.rank == 1",
                "features.source_mix.exists(s, s.traffic_source == \"newsletter\" && s.share > 0.5)",
                "events.filter(e, e.event_type == \"page_view\" "
                        + "&& e.properties.path.startsWith(\"/mortgages\")).size() >= 3")) {
            assertEquals(List.of(), problems(example), example);
        }
    }

    @Test
    void anUnknownScoreIsReportedAtItsNameWithTheKnownOnes() {
        assertEquals(List.of("1:8: unknown score 'purchase_intnet'; scores of active or scheduled plans: "
                + "engagement, purchase_intent"), problems("scores.purchase_intnet >= 60.0"));
    }

    @Test
    void unknownFieldsUndeclaredVariablesTypeErrorsAndSyntaxErrorsArePositioned() {
        assertEquals(List.of("1:10: undefined field 'nope'"), problems("features.nope > 1"));
        assertEquals(List.of("2:3: undeclared reference to 'purchase_intent'"),
                problems("scores.engagement > 1.0 &&\n  purchase_intent > 2.0"));
        assertTrue(problems("features.event_count > 'many'").get(0)
                .startsWith("1:22: found no matching overload for '_>_' applied to '(int, string)'"));
        assertTrue(problems("scores.engagement >").get(0).startsWith("1:20: mismatched input '<EOF>'"));
        assertEquals(List.of("1:3: the expression must be of type bool, but it is 'double'"),
                problems("  scores.engagement"));
    }

    @Test
    void columnsAndOffsetsCountCodePoints() {
        SegmentLanguage.Problem p = language.compile("\"\uD83D\uDE00é\" == 'x' && nope").problems().get(0);
        assertEquals(1, p.line());
        assertEquals(16, p.column());
        assertEquals(15, p.offset());
    }

    @Test
    void aVariableTheServiceDoesNotServeIsRefusedWhereItIsRead() {
        assertEquals(List.of("1:26: attributes are not available to segments in this version"),
                problems("scores.engagement > 1 && attributes.country == 'FR'"));
    }

    @Test
    void evaluationReadsScoresFeaturesEventsAndNow() {
        SegmentLanguage.Compiled c = language.compile("scores.purchase_intent >= 60 && features.purchase_count > 1 "
                + "&& events.exists(e, e.event_type == 'purchase' && e.properties.sku == 'A1' "
                + "&& now - e.occurred_at < duration('1h'))").compiled();
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        Map<String, Object> event = new HashMap<>(Map.of("event_type", "purchase", "channel", "web", "source", "pos",
                "referrer", "", "properties", Map.of("sku", "A1"), "purchase_amount_minor", 1999L));
        event.put("occurred_at", Timestamp.newBuilder().setSeconds(now.getEpochSecond() - 60).build());
        Map<String, Object> vars = new HashMap<>(Map.of("scores", Map.of("purchase_intent", 64.2, "engagement", 0.0),
                "features", BehaviourFeatures.newBuilder().setPurchaseCount(2).build(),
                "value", ValueScores.getDefaultInstance(), "attributes", Map.of(), "events", List.of(event),
                "now", Timestamp.newBuilder().setSeconds(now.getEpochSecond()).build()));
        SegmentLanguage.Evaluation matched = language.evaluate(c, vars);
        assertTrue(matched.matched());
        assertNull(matched.error());
        vars.put("scores", Map.of("purchase_intent", 59.9, "engagement", 0.0));
        assertFalse(language.evaluate(c, vars).matched());
        vars.remove("features");
        SegmentLanguage.Evaluation failed = language.evaluate(language.compile("features.purchase_count > 1")
                .compiled(), vars);
        assertFalse(failed.matched());
        assertNotNull(failed.error());
    }
}
