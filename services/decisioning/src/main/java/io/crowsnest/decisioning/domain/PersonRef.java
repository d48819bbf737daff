package io.crowsnest.decisioning.domain;

/**
 * The person a request names: a Crowsnest person id, or an identifier for the neighbours to
 * resolve (exactly one of them).
 */
public record PersonRef(String personId, Identifier identifier) {

    /** An identifier as the caller gave it (type, value, namespace). */
    public record Identifier(String type, String value, String namespace) {
    }

    public static PersonRef id(String personId) {
        return new PersonRef(personId, null);
    }

    public boolean hasIdentifier() {
        return identifier != null;
    }

    /** How messages name the person, without the identifier's value. */
    public String describe() {
        return hasIdentifier() ? "identifier of type " + identifier.type() : "person id '" + personId + "'";
    }
}
