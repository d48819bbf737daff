package io.crowsnest.gateway.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.gateway.client.ForgetClient;
import io.crowsnest.gateway.client.PeerFailure;
import io.crowsnest.gateway.domain.Erasure;
import io.crowsnest.gateway.domain.Erasure.ServiceErasure;
import io.crowsnest.gateway.domain.ErasureConflict;
import io.crowsnest.gateway.store.ErasureStore;

/**
 * One erase request for a customer: identity forgets the person first (its refusal — an unknown
 * person, identity down — is the request's answer, as identity gave it, and nothing is stored), then every other
 * service is asked to forget the person too and the gateway pseudonymises its access audit. A
 * service that cannot answer now stays pending with the reason; reading the erasure asks the
 * pending ones again (each service's ForgetPerson is idempotent per key, and the services also
 * erase by themselves when they read identity's FORGOTTEN change).
 */
@ApplicationScoped
public class EraseService {

    private static final Logger LOG = Logger.getLogger(EraseService.class);

    @Inject
    ForgetClient services;
    @Inject
    ErasureStore store;
    @Inject
    AccessAuditService audit;
    @Inject
    Clock clock;

    /** Starts (or, for a key seen before, resumes) the erasure of {@code personId}. */
    public Erasure erase(String idempotencyKey, String personId, String reasonCode, String reasonMessage,
            String actor) {
        String id = "er-" + UUID.nameUUIDFromBytes(("erasure:" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        Optional<Erasure> earlier = store.find(id);
        if (earlier.isEmpty()) {
            ForgetClient.Forgotten forgotten = services.forget("identity", personId, reasonCode, reasonMessage,
                    id + ":identity");
            Map<String, ServiceErasure> states = new LinkedHashMap<>();
            for (String service : Erasure.SERVICES) {
                states.put(service, service.equals("identity")
                        ? ServiceErasure.done(clock.instant(), forgotten.alreadyForgotten(), 1)
                        : ServiceErasure.PENDING);
            }
            Erasure erasure = new Erasure(id, personId, reasonCode, reasonMessage, actor, clock.instant(),
                    forgotten.personIds(), states);
            if (store.insert(erasure)) {
                return follow(erasure);
            }
            earlier = store.find(id);
        }
        Erasure erasure = earlier.orElseThrow();
        if (!erasure.personId().equals(personId)) {
            throw new ErasureConflict("the Idempotency-Key was used for the erasure " + id
                    + " of another person; use a new key");
        }
        return follow(erasure);
    }

    /**
     * Asks the services still pending of up to {@code limit} unfinished erasures once more (the
     * erasure sweep); returns how many erasures were asked.
     */
    public int resumeUnfinished(int limit) {
        List<Erasure> unfinished = store.unfinished(limit);
        unfinished.forEach(this::follow);
        return unfinished.size();
    }

    /** The erasure, after asking the services still pending once more; empty when unknown. */
    public Optional<Erasure> find(String id) {
        return store.find(id).map(this::follow);
    }

    private Erasure follow(Erasure erasure) {
        if (erasure.complete()) {
            return erasure;
        }
        Erasure next = erasure;
        for (Map.Entry<String, ServiceErasure> part : erasure.services().entrySet()) {
            ServiceErasure state = part.getValue();
            if (state.erased()) {
                continue;
            }
            String service = part.getKey();
            if (service.equals("gateway")) {
                audit.erase(erasure.forgottenPersonIds().isEmpty() ? List.of(erasure.personId())
                        : erasure.forgottenPersonIds());
                next = next.with(service, ServiceErasure.done(clock.instant(), false, state.attempts() + 1));
                continue;
            }
            try {
                ForgetClient.Forgotten forgotten = services.forget(service, erasure.personId(),
                        erasure.reasonCode(), erasure.reasonMessage(), erasure.id() + ":" + service);
                next = next.with(service, ServiceErasure.done(clock.instant(), forgotten.alreadyForgotten(),
                        state.attempts() + 1));
            } catch (PeerFailure e) {
                if (e.notFound()) {
                    // The service never held anything about the person: nothing to erase there.
                    next = next.with(service, ServiceErasure.done(clock.instant(), true, state.attempts() + 1));
                } else {
                    LOG.warnf("erasure %s: %s did not answer ForgetPerson (%s); asked again when the erasure is read",
                            erasure.id(), service, e.code());
                    next = next.with(service, state.failed(e.summary()));
                }
            }
        }
        store.save(next);
        return next;
    }
}
