package io.crowsnest.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The console's answer form becomes the JSON value the question's answer type asks for, or nothing. */
class AnswerFormTest {

    @Test
    void eachAnswerTypeGetsItsJsonValue() {
        assertEquals("true", Views.answerJson("ANSWER_TYPE_YES_NO", List.of("true")));
        assertEquals("42.5", Views.answerJson("ANSWER_TYPE_NUMBER", List.of(" 42.5 ")));
        assertEquals("\"evenings \\\"late\\\"\"", Views.answerJson("ANSWER_TYPE_FREE_TEXT", List.of("evenings \"late\"")));
        assertEquals("\"gold\"", Views.answerJson("ANSWER_TYPE_SINGLE_CHOICE", List.of("gold")));
        assertEquals("[\"a\",\"b\"]", Views.answerJson("ANSWER_TYPE_MULTIPLE_CHOICE", List.of("a", "", "b")));
    }

    @Test
    void anAnswerThatDoesNotFitItsTypeIsNone() {
        assertNull(Views.answerJson("ANSWER_TYPE_YES_NO", List.of("maybe")));
        assertNull(Views.answerJson("ANSWER_TYPE_NUMBER", List.of("twelve")));
        assertNull(Views.answerJson("ANSWER_TYPE_FREE_TEXT", List.of(" ")));
        assertNull(Views.answerJson("ANSWER_TYPE_SINGLE_CHOICE", List.of("a", "b")));
        assertNull(Views.answerJson("ANSWER_TYPE_MULTIPLE_CHOICE", List.of()));
    }
}
