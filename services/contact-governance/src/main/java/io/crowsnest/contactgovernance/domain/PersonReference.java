package io.crowsnest.contactgovernance.domain;

/**
 * How a request names a person: by the id governance keeps data under, or by an identifier that
 * identity resolves (never creating a person). Exactly one of the two is set.
 */
public record PersonReference(String personId, Identifier identifier) {

    /** An identifier as identity knows it: its type, value and, for some types, namespace. */
    public record Identifier(String type, String value, String namespace) {
    }

    public static PersonReference id(String personId) {
        return new PersonReference(personId, null);
    }

    public static PersonReference identifier(Identifier identifier) {
        return new PersonReference(null, identifier);
    }

    public boolean byIdentifier() {
        return identifier != null;
    }
}
