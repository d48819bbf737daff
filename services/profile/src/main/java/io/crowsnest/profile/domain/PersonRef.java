package io.crowsnest.profile.domain;

/**
 * Who a request is about: a person id, or an identifier (type, raw value, namespace) that identity
 * resolves to the person holding it. Exactly one is set.
 */
public record PersonRef(String personId, Identifier identifier) {

    /** An identifier as the caller gave it: never logged, never stored by profile. */
    public record Identifier(String type, String value, String namespace) {

        @Override
        public String toString() {
            return type + "/" + namespace + "/…";
        }
    }

    public static PersonRef id(String personId) {
        return new PersonRef(personId, null);
    }

    public static PersonRef identifier(Identifier identifier) {
        return new PersonRef(null, identifier);
    }
}
