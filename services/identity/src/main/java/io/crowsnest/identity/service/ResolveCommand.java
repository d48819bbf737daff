package io.crowsnest.identity.service;

import java.time.Instant;
import java.util.List;

import io.crowsnest.identity.domain.Identifier;

/**
 * One ResolvePerson request once checked: its distinct identifiers (normalised), whether the
 * caller authenticated the person, who asks, and when; observedAt null when the request did not say.
 */
public record ResolveCommand(List<Identifier> ids, boolean authenticated, String system, String requestId,
        Instant observedAt, Instant now) {

    /** When the identifiers were seen: the request's observed_at, or now. */
    public Instant seenAt() {
        return observedAt == null ? now : observedAt;
    }

    /** The same request, resolved at another instant (a batch checks first, resolves later). */
    public ResolveCommand at(Instant instant) {
        return new ResolveCommand(ids, authenticated, system, requestId, observedAt, instant);
    }
}
