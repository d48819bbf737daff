package io.crowsnest.scoring.domain;

/** An activation would take effect before the version in force did: history is never rescored. */
public final class EffectiveFromInPast extends InvalidField {

    public EffectiveFromInPast(String description) {
        super("effective_from", description, "EFFECTIVE_FROM_IN_PAST");
    }
}
