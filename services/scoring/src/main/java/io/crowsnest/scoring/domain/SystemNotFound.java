package io.crowsnest.scoring.domain;

/** No segmentation system has the id. */
public final class SystemNotFound extends ScoringException {

    public SystemNotFound(String systemId) {
        super(Kind.NOT_FOUND, "SYSTEM_NOT_FOUND", "no segmentation system '" + systemId + "'");
    }
}
