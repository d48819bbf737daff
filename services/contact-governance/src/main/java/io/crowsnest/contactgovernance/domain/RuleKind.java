package io.crowsnest.contactgovernance.domain;

/** The kind of rule behind a violation, in the order violations are listed. */
public enum RuleKind {
    FREQUENCY_CAP, DIVISION_SHARE, MINIMUM_GAP, QUIET_HOURS, OPT_IN_REQUIRED, OPT_OUT, DO_NOT_CONTACT
}
