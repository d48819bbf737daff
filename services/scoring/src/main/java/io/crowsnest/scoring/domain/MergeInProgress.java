package io.crowsnest.scoring.domain;

/** The person is being merged into another right now; the same request succeeds once the merge is done. */
public final class MergeInProgress extends ScoringException {

    public MergeInProgress(String personId, String retryWith) {
        super(Kind.UNAVAILABLE, "MERGE_IN_PROGRESS", "person '" + personId + "' is being merged; retry with the same "
                + retryWith);
    }
}
