package io.crowsnest.gateway.security;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The roles the gateway knows. A supervisor may do everything an agent may, an admin everything a
 * supervisor may; a service (a machine client such as an event collector) only what names it.
 */
public final class Roles {

    /** Works customers: lookups, the 360, events, answers, decisions, outcomes, the own inbox. */
    public static final String AGENT = "agent";
    /**
     * An agent who also manages teams, reads campaign reports, the contact pressure, briefings'
     * acknowledgements and the audit.
     */
    public static final String SUPERVISOR = "supervisor";
    /** A supervisor who also changes policies, scoring plans, segments, actions, lead rules and erases. */
    public static final String ADMIN = "admin";
    /** A machine client, e.g. a collector posting events. */
    public static final String SERVICE = "service";

    private Roles() {
    }

    /** For people: which role may do what. */
    public static String describe() {
        return "agent: customers, events, answers, decisions, outcomes, own inbox; supervisor: + teams, campaign"
                + " reports, contact pressure, acknowledgements, the access audit; admin: + policies, scoring,"
                + " segments, actions, lead"
                + " rules, erasure; service: events";
    }

    /** The granted roles plus every role they imply. */
    public static Set<String> withImplied(Set<String> granted) {
        Set<String> roles = new LinkedHashSet<>(granted);
        if (roles.contains(ADMIN)) {
            roles.add(SUPERVISOR);
        }
        if (roles.contains(SUPERVISOR)) {
            roles.add(AGENT);
        }
        return roles;
    }
}
