package io.crowsnest.gateway.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in caller of this request, from the verified token: its id (the token's principal
 * claim, preferred_username by default) is the agent id and the actor of every write the gateway
 * sends to the services. Headers such as X-Agent-Id or X-Actor are never read.
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    /** The caller's id, e.g. "ann"; routes that use it require a role, so there always is one. */
    public String id() {
        if (identity.isAnonymous()) {
            throw new IllegalStateException("no signed-in caller: the route must require a role");
        }
        return identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
