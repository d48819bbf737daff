package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.MergeInProgress;
import io.crowsnest.scoring.domain.Transition;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.Tombstones;

/**
 * ObserveAttributes (the snapshot checked by the adapter): stores it in the person's slot when its version is newer
 * than the one held (one script, following a merged-away person to its survivor as ObserveEvent
 * does), registers a person scoring did not know, then re-evaluates the person's segments.
 */
@ApplicationScoped
public class ObserveAttributesService {

    /**
     * What storing a snapshot did: the person it was stored for (the survivor when the named person
     * was merged), whether it was newer than the one held, the version held now, the segment
     * transitions it caused and when it was processed.
     */
    public record Stored(String personId, boolean applied, long storedVersion, List<Transition> transitions,
            Instant processedAt) {
    }

    @Inject
    LiveStore live;
    @Inject
    Tombstones tombstones;
    @Inject
    PersonRegistry registry;
    @Inject
    Segmenter segmenter;
    @Inject
    Clock clock;

    /**
     * Stores a checked snapshot and re-evaluates the person's segments.
     *
     * @param json the attributes as one JSON object
     */
    public Stored observe(String named, long version, String json) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String personId = named;
        LiveStore.AttributesStored stored;
        int hops = 0;
        do {
            stored = store(named, version, personId, hops == 0, json, now);
            if (stored.status() == LiveStore.AttributesStatus.MOVED) {
                personId = stored.movedTo();
            }
        } while (stored.status() == LiveStore.AttributesStatus.MOVED && ++hops < ObserveEventService.MAX_HOPS);
        if (stored.status() == LiveStore.AttributesStatus.MOVED) {
            throw new MergeInProgress(named, "idempotency key");
        }
        boolean applied = stored.status() == LiveStore.AttributesStatus.APPLIED;
        // the version held already may be one whose first attempt stopped before evaluating: evaluations repeat safely
        List<Transition> transitions = applied || stored.status() == LiveStore.AttributesStatus.HELD
                ? segmenter.evaluate(personId, Trigger.attributesChanged(), now) : List.of();
        return new Stored(personId, applied, Long.parseLong(stored.version()), transitions, now);
    }

    /**
     * One attempt in the slot of personId ({@code named}: the person the request names, not one a merge
     * led to); a person Redis does not know is checked and registered first.
     */
    private LiveStore.AttributesStored store(String requested, long version, String personId, boolean named,
            String json, Instant now) {
        LiveStore.AttributesStored stored = live.storeAttributes(requested, personId, version, json, now, false);
        if (stored.status() == LiveStore.AttributesStatus.NEW_PERSON) {
            if (tombstones.forgottenAt(personId).isPresent()) {
                throw ObserveEventService.erased(personId, named);
            }
            registry.register(personId, now);
            stored = live.storeAttributes(requested, personId, version, json, now, true);
        }
        if (stored.status() == LiveStore.AttributesStatus.FORGOTTEN) {
            throw ObserveEventService.erased(personId, named);
        }
        return stored;
    }
}
