package io.crowsnest.decisioning.domain;

/** The facts of the action version a decision evaluated, kept with the decision. */
public record ActionSnapshot(String id, int version, ActionKind kind, String name, String description, int priority,
        String category, String division, String productId, Question question) {

    public static ActionSnapshot of(Action a) {
        ActionSpec s = a.spec();
        return new ActionSnapshot(a.id(), a.version(), s.kind(), s.name(), s.description(), s.priority(),
                s.category(), s.division(), s.productId(), s.question());
    }
}
