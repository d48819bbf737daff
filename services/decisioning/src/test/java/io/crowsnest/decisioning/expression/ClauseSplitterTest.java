package io.crowsnest.decisioning.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClauseSplitterTest {

    @Test
    void splitsTopLevelConjunctionsOnly() {
        assertEquals(List.of("a > 1", "(b || c && d)", "s == \"x && y\"", "l.exists(p, p && q)"),
                ClauseSplitter.split("a > 1 && (b || c && d) && s == \"x && y\" && l.exists(p, p && q)"));
        assertEquals(List.of("x"), ClauseSplitter.split("x"));
    }
}
