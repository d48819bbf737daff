package io.crowsnest.scoring.domain;

/** How a property condition compares the event's property with its operand. */
public enum PropertyOperator {
    EXISTS, EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, CONTAINS,
    MATCHES, IN
}
