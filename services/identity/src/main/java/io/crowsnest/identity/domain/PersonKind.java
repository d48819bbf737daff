package io.crowsnest.identity.domain;

/** Whether a person holds an identifier that names someone (KNOWN) or only anonymous ones. */
public enum PersonKind {
    ANONYMOUS, KNOWN
}
