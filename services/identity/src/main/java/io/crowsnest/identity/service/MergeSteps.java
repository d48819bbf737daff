package io.crowsnest.identity.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.identity.domain.MaskedIdentifier;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.domain.Reason;
import io.crowsnest.identity.store.ChangeLog;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;

/**
 * The two steps that change who is who. Callers hold the leases of the persons involved. Each step
 * writes the merge PENDING first, changes the persons, announces the change on the feed, then
 * marks the merge DONE; MergeRecoveryService finishes a step a crash interrupted.
 */
@ApplicationScoped
public class MergeSteps {

    @Inject
    PersonStore persons;
    @Inject
    PersonTrees trees;
    @Inject
    MergeStore merges;
    @Inject
    ChangeLog changes;
    @Inject
    Normaliser normaliser;

    /** Thrown when a person stopped being a root between reading and leasing it; the caller retries. */
    public static final class Moved extends RuntimeException {
        Moved() {
            super(null, null, false, false);
        }
    }

    /** Merges one root into another; both leased by the caller and read under the lease. */
    Merge merge(Person survivor, Person merged, Merge.Trigger trigger, Reason reason, String system,
            String requestId, Instant now) {
        Merge record = new Merge(UUID.randomUUID().toString(), survivor.id(), merged.id(), now, trigger, reason,
                system, requestId, identifiersOfTree(merged), 0, null);
        merges.insert(record, State.PENDING, now);
        if (!persons.mergeInto(merged.id(), survivor.id(), record.mergeId(), now)) {
            merges.delete(record.mergeId());
            throw new Moved();
        }
        if (merged.kind() == PersonKind.KNOWN && survivor.kind() != PersonKind.KNOWN) {
            persons.setKind(survivor.id(), PersonKind.KNOWN, now);
        }
        return announceMerge(record, now);
    }

    public Merge announceMerge(Merge record, Instant now) {
        long offset = changes.append(new IdentityChange.Merged(now, record.mergeId(), record.survivorPersonId(),
                record.mergedPersonId(), record.trigger(), record.reason()));
        Merge done = record.withChangeOffset(offset);
        merges.advance(done, State.PENDING, State.DONE, now);
        return done;
    }

    /** Reverses a DONE merge; the survivor and the merged person are leased by the caller. */
    Merge unmerge(Merge record, Reason reason, String system, String requestId, Instant now) {
        Merge reversing = record.withUnmerge(new Merge.Unmerge(now, reason, system, requestId, 0));
        if (!merges.advance(reversing, State.DONE, State.UNMERGE_PENDING, now)) {
            throw new Moved();
        }
        persons.restore(record.mergedPersonId(), record.survivorPersonId(), record.mergeId(), now);
        refreshKinds(record.survivorPersonId(), now);
        return announceUnmerge(reversing, now);
    }

    public Merge announceUnmerge(Merge record, Instant now) {
        long offset = changes.append(new IdentityChange.Unmerged(now, record.mergeId(), record.survivorPersonId(),
                record.mergedPersonId(), record.unmerge().reason()));
        Merge done = record.withUnmerge(record.unmerge().withChangeOffset(offset));
        merges.advance(done, State.UNMERGE_PENDING, State.UNMERGED, now);
        return done;
    }

    /** Masked identifiers of a person and of every person merged into it. */
    List<MaskedIdentifier> identifiersOfTree(Person root) {
        List<MaskedIdentifier> all = new ArrayList<>();
        for (Person member : trees.tree(root).members()) {
            member.links().forEach(l -> all.add(new MaskedIdentifier(l.type(), l.masked(), l.namespace())));
        }
        return all;
    }

    /**
     * After an unmerge, the kind of the survivor and of every person above it: KNOWN when it or
     * anyone still merged into it holds an identifier whose type marks known.
     */
    public void refreshKinds(String from, Instant now) {
        Optional<Person> next = persons.find(from);
        while (next.isPresent() && !next.get().forgotten()) {
            Person person = next.get();
            boolean known = trees.tree(person).members().stream().flatMap(p -> p.links().stream())
                    .anyMatch(l -> normaliser.types().find(l.type()).map(t -> t.marksKnown()).orElse(false));
            PersonKind kind = known ? PersonKind.KNOWN : PersonKind.ANONYMOUS;
            if (kind != person.kind()) {
                persons.setKind(person.id(), kind, now);
            }
            next = person.mergedInto() == null ? Optional.empty() : persons.find(person.mergedInto());
        }
    }
}
