package io.crowsnest.decisioning.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Whether an answer fits the question it answers (its answer type and choices). */
public final class Answers {

    private Answers() {
    }

    /**
     * What is wrong with the answer, if anything.
     *
     * @param answer the answer as a plain value: String, Double, Boolean or List
     */
    public static Optional<String> problem(Question q, Object answer) {
        Set<String> choices = new HashSet<>();
        q.choices().forEach(c -> choices.add(c.id()));
        return switch (q.answerType()) {
            case "FREE_TEXT" -> answer instanceof String s && !s.isBlank() && s.length() <= 2000 ? Optional.empty()
                    : Optional.of("must be a text of 1 to 2,000 characters");
            case "SINGLE_CHOICE" -> answer instanceof String s && choices.contains(s) ? Optional.empty()
                    : Optional.of("must be one of the choice ids " + q.choices().stream().map(Question.Choice::id)
                            .toList());
            case "MULTIPLE_CHOICE" -> answer instanceof List<?> l && !l.isEmpty()
                    && l.stream().allMatch(e -> e instanceof String s && choices.contains(s))
                    && new HashSet<>(l).size() == l.size() ? Optional.empty()
                            : Optional.of("must be a list of distinct choice ids among " + q.choices().stream()
                                    .map(Question.Choice::id).toList());
            case "NUMBER" -> answer instanceof Double d && Double.isFinite(d) ? Optional.empty()
                    : Optional.of("must be a number");
            case "YES_NO" -> answer instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
            default -> Optional.of("the question has no answer type");
        };
    }
}
