package io.crowsnest.contactgovernance.domain;

/**
 * No person is known by the reference given: identity holds no such identifier, the named id was
 * erased (it no longer exists), or governance holds nothing about it.
 */
public class PersonNotFound extends GovernanceException {

    public PersonNotFound(String message) {
        super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
