package io.crowsnest.decisioning.domain;

/** What an action does with the customer. */
public enum ActionKind {
    OFFER, QUESTION, RETENTION, SERVICE_MESSAGE, NEXT_STEP;

    /** Kinds that are always contacts and so need a contact category. */
    public boolean requiresCategory() {
        return this == OFFER || this == RETENTION || this == SERVICE_MESSAGE;
    }
}
