package io.crowsnest.decisioning.domain;

import java.util.List;

/**
 * The question a QUESTION action asks.
 *
 * @param answerType FREE_TEXT, SINGLE_CHOICE, MULTIPLE_CHOICE, NUMBER or YES_NO
 */
public record Question(String questionId, String answerType, List<Choice> choices) {

    public Question {
        choices = List.copyOf(choices);
    }

    /** One possible answer of a choice question. */
    public record Choice(String id, String label) {
    }
}
