package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.client.IdentityClient;
import io.crowsnest.scoring.domain.PersonNotFound;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.Tombstones;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.ForgetPersonResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * ForgetPerson: the person and everyone identity merged into it are replaced by tombstones, then
 * everything live about them is deleted (the tombstone first, so that an event racing with the
 * erasure is refused rather than written after it).
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
    Idempotency idempotency;
    @Inject
    LiveSettings settings;
    @Inject
    Segmenter segmenter;
    @Inject
    Clock clock;

    /** Erases the person of a checked request (once per idempotency key). */
    public ForgetPersonResponse forget(ForgetPersonRequest request) {
        return idempotency.once("ForgetPerson", request.getIdempotencyKey(), request, ForgetPersonResponse.parser(),
                () -> erase(request.getPersonId()));
    }

    /**
     * Identity's FORGOTTEN change: the person and every id merged into it erased as by ForgetPerson,
     * each once (idempotency key: the change's offset, and the id for a merged one). An id neither
     * scoring nor identity knows any more is settled without effect.
     */
    public void forgottenByIdentity(long offset, String personId, List<String> mergedIds) {
        List<String> ids = new java.util.ArrayList<>(List.of(personId));
        ids.addAll(mergedIds);
        for (String id : ids) {
            ForgetPersonRequest request = ForgetPersonRequest.newBuilder().setPersonId(id)
                    .setReason(io.crowsnest.common.v1.Reason.newBuilder().setCode("IDENTITY_FORGOTTEN")
                            .setMessage("erased by identity (change " + offset + ")"))
                    .setRequestingSystem("identity-stream")
                    .setIdempotencyKey("identity-change-" + offset + (id.equals(personId) ? "" : "-" + id)).build();
            try {
                forget(request);
            } catch (PersonNotFound e) {
                LOG.infof("identity change %d: %s", offset, e.getMessage());
            }
        }
    }

    private ForgetPersonResponse erase(String personId) {
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
        return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(ids).setMembershipsRemovedCount(removed)
                .setForgottenAt(Timestamps.of(before.orElse(now))).setAlreadyForgotten(already).build();
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
        } catch (StatusRuntimeException e) {
            if (known && e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return List.of(personId);
            }
            throw e;
        }
    }
}
