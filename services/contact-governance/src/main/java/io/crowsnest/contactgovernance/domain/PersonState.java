package io.crowsnest.contactgovernance.domain;

import java.time.Instant;

/**
 * What became of a person id that no longer stands for itself: merged into a survivor (requests
 * for it are answered for the survivor), or forgotten (nothing is kept or granted for it).
 */
public sealed interface PersonState {

    /** Merged into the survivor by the merge (identity's merge id) at the instant. */
    record Merged(String survivor, String mergeId, Instant at) implements PersonState {
    }

    /** Erased at the instant. */
    record Forgotten(Instant at) implements PersonState {
    }
}
