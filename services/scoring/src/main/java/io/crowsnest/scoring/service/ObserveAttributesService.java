package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.domain.InvalidField;
import io.crowsnest.scoring.domain.MergeInProgress;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.Tombstones;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.SegmentTransition;

/**
 * ObserveAttributes (the snapshot checked by the adapter): stores it in the person's slot when its version is newer
 * than the one held (one script, following a merged-away person to its survivor as ObserveEvent
 * does), registers a person scoring did not know, then re-evaluates the person's segments.
 */
@ApplicationScoped
public class ObserveAttributesService {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    @Inject
    LiveStore live;
    @Inject
    Tombstones tombstones;
    @Inject
    PersonRegistry registry;
    @Inject
    Segmenter segmenter;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** Stores a checked snapshot (once per idempotency key) and re-evaluates the person's segments. */
    public ObserveAttributesResponse observe(ObserveAttributesRequest request) {
        return idempotency.once("ObserveAttributes", request.getIdempotencyKey(), request,
                ObserveAttributesResponse.parser(), () -> apply(request));
    }

    private ObserveAttributesResponse apply(ObserveAttributesRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String json = json(request);
        String personId = request.getPersonId();
        LiveStore.AttributesStored stored;
        int hops = 0;
        do {
            stored = store(request, personId, hops == 0, json, now);
            if (stored.status() == LiveStore.AttributesStatus.MOVED) {
                personId = stored.movedTo();
            }
        } while (stored.status() == LiveStore.AttributesStatus.MOVED && ++hops < ObserveEventService.MAX_HOPS);
        if (stored.status() == LiveStore.AttributesStatus.MOVED) {
            throw new MergeInProgress(request.getPersonId(), "idempotency key");
        }
        boolean applied = stored.status() == LiveStore.AttributesStatus.APPLIED;
        // the version held already may be one whose first attempt stopped before evaluating: evaluations repeat safely
        List<SegmentTransition> transitions = applied || stored.status() == LiveStore.AttributesStatus.HELD
                ? segmenter.evaluate(personId, Trigger.attributesChanged(), now) : List.of();
        return ObserveAttributesResponse.newBuilder().setPersonId(personId).setApplied(applied)
                .setStoredVersion(Long.parseLong(stored.version())).addAllTransitions(transitions)
                .setProcessedAt(Timestamps.of(now)).build();
    }

    /**
     * One attempt in the slot of personId ({@code named}: the person the request names, not one a merge
     * led to); a person Redis does not know is checked and registered first.
     */
    private LiveStore.AttributesStored store(ObserveAttributesRequest request, String personId, boolean named,
            String json, Instant now) {
        LiveStore.AttributesStored stored = live.storeAttributes(request.getPersonId(), personId,
                request.getVersion(), json, now, false);
        if (stored.status() == LiveStore.AttributesStatus.NEW_PERSON) {
            if (tombstones.forgottenAt(personId).isPresent()) {
                throw ObserveEventService.erased(personId, named);
            }
            registry.register(personId, now);
            stored = live.storeAttributes(request.getPersonId(), personId, request.getVersion(), json, now, true);
        }
        if (stored.status() == LiveStore.AttributesStatus.FORGOTTEN) {
            throw ObserveEventService.erased(personId, named);
        }
        return stored;
    }

    private static String json(ObserveAttributesRequest request) {
        try {
            return JSON.print(Struct.newBuilder().putAllFields(request.getAttributesMap()));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidField("attributes", "cannot be written as JSON: " + e.getMessage(), null);
        }
    }
}
