package io.crowsnest.contactgovernance.domain;

/**
 * One value of a closed set as a request wrote it, before it is checked: known ({@code value} set),
 * left unspecified (number 0) or unknown to this version (any other number). {@code label} is how
 * the contract spells it, for sentences that quote it.
 */
public record Choice<E extends Enum<E>>(E value, int number, String label) {

    public boolean unspecified() {
        return value == null && number == 0;
    }

    public boolean unknown() {
        return value == null && number != 0;
    }

    public boolean is(E other) {
        return value == other;
    }

    @Override
    public String toString() {
        return label;
    }
}
