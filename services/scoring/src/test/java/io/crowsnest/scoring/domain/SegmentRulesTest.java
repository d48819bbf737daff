package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** What makes a segment as written valid beyond its ids, each problem on its field. */
class SegmentRulesTest {

    /** Records every problem as "field: description"; lengths as "field: length min..max". */
    static final class Found implements Violations {
        final List<String> problems = new ArrayList<>();

        @Override
        public void add(String field, String description) {
            problems.add(field + ": " + description);
        }

        @Override
        public void add(String field, String description, String reason) {
            problems.add(field + ": " + description + " [" + reason + "]");
        }

        @Override
        public void pattern(String value, Pattern pattern, String field, String rule) {
            problems.add(field + ": pattern " + rule);
        }

        @Override
        public void length(String value, int min, int max, String field) {
            int n = value.codePointCount(0, value.length());
            if (n < min || n > max) {
                problems.add(field + ": length " + min + ".." + max);
            }
        }
    }

    @Test
    void anExpressionIsRequiredAndAtMost4096Characters() {
        Found found = new Found();
        assertFalse(SegmentRules.words("Loyal", "", " ", "segment", found));
        assertEquals(List.of("segment.expression: is required"), found.problems);

        Found tooLong = new Found();
        assertFalse(SegmentRules.words("Loyal", "", "x".repeat(4097), "segment", tooLong));
        assertEquals(List.of("segment.expression: must be at most 4,096 characters"), tooLong.problems);

        Found fits = new Found();
        assertTrue(SegmentRules.words("Loyal", "", "😀".repeat(4096), "segment", fits),
                "characters are counted as code points");
        assertEquals(List.of(), fits.problems);
    }

    @Test
    void theNamesHaveTheirLengths() {
        Found found = new Found();
        assertTrue(SegmentRules.words("", "d".repeat(2049), "true", "segment", found));
        assertEquals(List.of("segment.display_name: length 1..128", "segment.description: length 0..2048"),
                found.problems);
    }

    @Test
    void priorityIs0To1000AndTheIntervalEventsOnlyOrAMinuteToAWeek() {
        Found fine = new Found();
        SegmentRules.schedule(0, 0, "segment", fine);
        SegmentRules.schedule(1000, 60, "segment", fine);
        SegmentRules.schedule(5, 604_800, "segment", fine);
        assertEquals(List.of(), fine.problems);

        Found found = new Found();
        SegmentRules.schedule(1001, 59, "segment", found);
        SegmentRules.schedule(-1, 604_801, "segment", found);
        assertEquals(List.of("segment.priority: must be 0 to 1,000, got 1001",
                "segment.reevaluation_interval_seconds: must be 0 (events only) or 60 to 604,800, got 59",
                "segment.priority: must be 0 to 1,000, got -1",
                "segment.reevaluation_interval_seconds: must be 0 (events only) or 60 to 604,800, got 604801"),
                found.problems);
    }
}
