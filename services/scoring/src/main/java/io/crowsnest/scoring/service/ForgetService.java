package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.client.IdentityClient;
import io.crowsnest.scoring.domain.PersonNotFound;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.Tombstones;
import io.crowsnest.scoring.store.TransitionLog;

/**
 * ForgetPerson: the person and everyone identity merged into it are replaced by tombstones, then
 * everything live about them is deleted (the tombstone first, so that an event racing with the
 * erasure is refused rather than written after it); last, their transitions on the stream,
 * including the LEFT ones the erasure just published, keep one pseudonym ("erased-…") for all of
 * them and no values.
 */
@ApplicationScoped
public class ForgetService {

    private static final Logger LOG = Logger.getLogger(ForgetService.class);

    @Inject
    Tombstones tombstones;
    @Inject
    PersonRegistry registry;
    @Inject
    LiveStore live;
    @Inject
    IdentityClient identity;
    @Inject
    ForgetOnce once;
    @Inject
    LiveSettings settings;
    @Inject
    Segmenter segmenter;
    @Inject
    Clock clock;
    @Inject
    Idempotency idempotency;
    @Inject
    TransitionLog transitions;

    /** A ForgetPerson request: whom, why (a code and a sentence), who asks, and its idempotency key. */
    public record Request(String personId, String reasonCode, String reasonMessage, String requestingSystem,
            String idempotencyKey) {
    }

    /**
     * An erasure: every id forgotten, how many memberships were removed, when the person was
     * forgotten (the first time), and whether it had been already.
     */
    public record Forgotten(List<String> personIds, int membershipsRemoved, Instant forgottenAt, boolean already) {
    }


    /**
     * Identity's FORGOTTEN change: the person and every id merged into it erased as by ForgetPerson,
     * each once (idempotency key: the change's offset, and the id for a merged one). An id neither
     * scoring nor identity knows any more is settled without effect.
     */
    public void forgottenByIdentity(long offset, String personId, List<String> mergedIds) {
        List<String> ids = new ArrayList<>(List.of(personId));
        ids.addAll(mergedIds);
        for (String id : ids) {
            Request request = new Request(id, "IDENTITY_FORGOTTEN", "erased by identity (change " + offset + ")",
                    "identity-stream", "identity-change-" + offset + (id.equals(personId) ? "" : "-" + id));
            try {
                once.once(request, () -> forget(id));
            } catch (PersonNotFound e) {
                LOG.infof("identity change %d: %s", offset, e.getMessage());
            }
        }
    }

    /**
     * Erases the person and everyone merged into it (the caller runs it once per idempotency key);
     * NOT_FOUND when neither scoring nor identity ever knew it.
     */
    public Forgotten forget(String personId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Instant> before = tombstones.forgottenAt(personId);
        List<String> ids = before.isPresent() ? List.of(personId) : family(personId);
        boolean already = true;
        int removed = 0;
        for (String id : ids) {
            already &= !tombstones.bury(id, now);
            removed += segmenter.forget(id, now);
            registry.remove(id);
        }
        idempotency.forget(ids); // the answers kept for retries that concerned them
        transitions.forget(ids, "erased-" + UUID.randomUUID());
        return new Forgotten(ids, removed, before.orElse(now), already);
    }

    /** The person with everyone merged into it (per identity); NOT_FOUND when nobody ever knew it. */
    private List<String> family(String personId) {
        boolean known = registry.known(personId)
                || live.read(personId, clock.instant(), settings.windows(), false, false).presence()
                        != LiveStore.Presence.NONE;
        try {
            return identity.family(personId).or(() -> known ? Optional.of(List.of(personId)) : Optional.empty())
                    .orElseThrow(() -> new PersonNotFound("neither scoring nor identity knows person '" + personId
                            + "'"));
        } catch (RuntimeException e) {
            if (known && IdentityClient.unavailable(e)) {
                return List.of(personId);
            }
            throw e;
        }
    }
}
