package io.crowsnest.alertnotification.domain;

/** A person by id, or by one identifier (type, value, namespace) that identity resolves. */
public record PersonLookup(String personId, String identifierType, String identifierValue, String namespace) {

    public static PersonLookup byId(String personId) {
        return new PersonLookup(personId, "", "", "");
    }

    public boolean byIdentifier() {
        return personId.isEmpty();
    }
}
