package io.crowsnest.decisioning.domain;

/** Who started the interaction a decision is made for. */
public enum Direction {
    /** The customer called, visited or chatted. */
    INBOUND,
    /** The company contacts the customer. */
    OUTBOUND
}
