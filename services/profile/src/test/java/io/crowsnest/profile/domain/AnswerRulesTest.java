package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AnswerRulesTest {

    @Test
    void aStringANumberABoolOrAListOfStringsIsAnAnswer() {
        for (Object answer : List.of("weekly", 3.0, true, List.of("email", "sms"))) {
            assertEquals(List.of(), AnswerRules.check(answer, true, "answer"), String.valueOf(answer));
        }
    }

    @Test
    void anythingElseIsRefusedAtItsPath() {
        assertEquals(List.of(new PropertyRules.Problem("answer", "is required")),
                AnswerRules.check(null, false, "answer"));
        assertEquals(List.of(new PropertyRules.Problem("answer", "must be a string, a number, a bool or a list of strings")),
                AnswerRules.check(Map.of("a", 1.0), true, "answer"));
        assertEquals(List.of(new PropertyRules.Problem("answer", "must be a finite number")),
                AnswerRules.check(Double.NaN, true, "answer"));
        assertEquals(List.of(new PropertyRules.Problem("answer", "a multiple choice lists at least one choice")),
                AnswerRules.check(List.of(), true, "answer"));
        assertEquals(List.of(new PropertyRules.Problem("answer[1]", "a multiple choice is a list of strings"),
                new PropertyRules.Problem("answer[2]", "is required")),
                AnswerRules.check(List.of("ok", 2.0, ""), true, "answer"));
        assertEquals(List.of(new PropertyRules.Problem("answer", "must be at most 2000 characters")),
                AnswerRules.check("x".repeat(2001), true, "answer"));
    }
}
