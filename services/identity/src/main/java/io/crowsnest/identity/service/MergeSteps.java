package io.crowsnest.identity.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.MaskedIdentifier;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.store.ChangeLog;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.PersonsMerged;
import io.crowsnest.identity.v1.PersonsUnmerged;
import io.crowsnest.identity.v1.UnmergeRecord;
import io.crowsnest.platform.grpc.Timestamps;

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
    MergeRecord merge(Person survivor, Person merged, MergeTrigger trigger, Reason reason, String system,
            String requestId, Instant now) {
        MergeRecord.Builder record = MergeRecord.newBuilder().setMergeId(UUID.randomUUID().toString())
                .setSurvivorPersonId(survivor.id()).setMergedPersonId(merged.id()).setMergedAt(Timestamps.of(now))
                .setTrigger(trigger).setReason(reason).setRequestingSystem(system).setRequestId(requestId)
                .addAllMovedIdentifiers(identifiersOfTree(merged));
        merges.insert(record.build(), State.PENDING, now);
        if (!persons.mergeInto(merged.id(), survivor.id(), record.getMergeId(), now)) {
            merges.delete(record.getMergeId());
            throw new Moved();
        }
        if (merged.kind() == PersonKind.KNOWN && survivor.kind() != PersonKind.KNOWN) {
            persons.setKind(survivor.id(), PersonKind.KNOWN, now);
        }
        return announceMerge(record.build(), now);
    }

    public MergeRecord announceMerge(MergeRecord record, Instant now) {
        long offset = changes.append(now, IdentityChange.newBuilder()
                .setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_MERGED).setOccurredAt(Timestamps.of(now))
                .setMerged(PersonsMerged.newBuilder().setMergeId(record.getMergeId())
                        .setSurvivorPersonId(record.getSurvivorPersonId())
                        .setMergedPersonId(record.getMergedPersonId()).setTrigger(record.getTrigger())
                        .setReason(record.getReason()))
                .build().toByteArray());
        MergeRecord done = record.toBuilder().setChangeOffset(offset).build();
        merges.advance(done, State.PENDING, State.DONE, now);
        return done;
    }

    /** Reverses a DONE merge; the survivor and the merged person are leased by the caller. */
    MergeRecord unmerge(MergeRecord record, Reason reason, String system, String requestId, Instant now) {
        MergeRecord reversing = record.toBuilder().setUnmerge(UnmergeRecord.newBuilder()
                .setUnmergedAt(Timestamps.of(now)).setReason(reason).setRequestingSystem(system)
                .setRequestId(requestId)).build();
        if (!merges.advance(reversing, State.DONE, State.UNMERGE_PENDING, now)) {
            throw new Moved();
        }
        persons.restore(record.getMergedPersonId(), record.getMergeId(), now);
        refreshKinds(record.getSurvivorPersonId(), now);
        return announceUnmerge(reversing, now);
    }

    public MergeRecord announceUnmerge(MergeRecord record, Instant now) {
        long offset = changes.append(now, IdentityChange.newBuilder()
                .setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_UNMERGED).setOccurredAt(Timestamps.of(now))
                .setUnmerged(PersonsUnmerged.newBuilder().setMergeId(record.getMergeId())
                        .setSurvivorPersonId(record.getSurvivorPersonId())
                        .setRestoredPersonId(record.getMergedPersonId()).setReason(record.getUnmerge().getReason()))
                .build().toByteArray());
        MergeRecord done = record.toBuilder()
                .setUnmerge(record.getUnmerge().toBuilder().setChangeOffset(offset)).build();
        merges.advance(done, State.UNMERGE_PENDING, State.UNMERGED, now);
        return done;
    }

    /** Masked identifiers of a person and of every person merged into it. */
    List<MaskedIdentifier> identifiersOfTree(Person root) {
        List<MaskedIdentifier> all = new ArrayList<>();
        List<Person> tree = new ArrayList<>(List.of(root));
        tree.addAll(persons.mergedInto(root.id()));
        for (Person member : tree) {
            member.links().forEach(l -> all.add(MaskedIdentifier.newBuilder().setType(l.type())
                    .setMaskedValue(l.masked()).setNamespace(l.namespace()).build()));
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
            List<Person> tree = new ArrayList<>(List.of(person));
            tree.addAll(persons.mergedInto(person.id()));
            boolean known = tree.stream().flatMap(p -> p.links().stream())
                    .anyMatch(l -> normaliser.types().find(l.type()).map(t -> t.marksKnown()).orElse(false));
            PersonKind kind = known ? PersonKind.KNOWN : PersonKind.ANONYMOUS;
            if (kind != person.kind()) {
                persons.setKind(person.id(), kind, now);
            }
            next = person.mergedInto() == null ? Optional.empty() : persons.find(person.mergedInto());
        }
    }
}
