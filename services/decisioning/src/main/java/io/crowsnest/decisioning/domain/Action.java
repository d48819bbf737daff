package io.crowsnest.decisioning.domain;

import java.time.Instant;

/**
 * One version of an action in the catalogue.
 *
 * @param retirement set once the action is retired (all versions share it), else null
 */
public record Action(String id, int version, ActionSpec spec, Instant createdAt, String createdBy, String changeNote,
        Retirement retirement) {

    public boolean retired() {
        return retirement != null;
    }

    public Action withRetirement(Retirement r) {
        return new Action(id, version, spec, createdAt, createdBy, changeNote, r);
    }

    /** When, by whom and why an action was retired. */
    public record Retirement(Instant at, String by, String code, String message) {
    }
}
