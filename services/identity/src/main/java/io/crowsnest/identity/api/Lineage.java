package io.crowsnest.identity.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.domain.Survivorship;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.UnmergePersonsRequest;
import io.crowsnest.identity.v1.UnmergePersonsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.idempotency.Idempotency;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** LinkPersons and UnmergePersons: explicit merges and their reversal from the lineage. */
@ApplicationScoped
public class Lineage {

    private static final int MAX_ATTEMPTS = 8;

    @Inject
    Idempotency idempotency;
    @Inject
    PersonStore persons;
    @Inject
    MergeStore mergeStore;
    @Inject
    Leases leases;
    @Inject
    Merges merges;

    public LinkPersonsResponse link(LinkPersonsRequest request) {
        Checks checks = new Checks();
        checks.personId(request.getPersonId(), "person_id");
        checks.personId(request.getOtherPersonId(), "other_person_id");
        checks.reason(request.hasReason() ? request.getReason() : null, "reason");
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        if (request.getRequestId().isEmpty() || request.getRequestId().length() > 128) {
            checks.add("request_id", request.getRequestId().isEmpty() ? "is required" : "must be at most 128 characters");
        }
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        if (request.getPersonId().equals(request.getOtherPersonId())) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "MERGE_INTO_SELF",
                    "person_id and other_person_id are the same person: a person cannot be merged into itself");
        }
        return idempotency.once("LinkPersons", request.getIdempotencyKey(), request, LinkPersonsResponse.parser(),
                () -> link(request, Instant.now()));
    }

    private LinkPersonsResponse link(LinkPersonsRequest request, Instant now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Person a = persons.root(request.getPersonId()).orElseThrow(() -> notFound(request.getPersonId()));
            Person b = persons.root(request.getOtherPersonId()).orElseThrow(() -> notFound(request.getOtherPersonId()));
            if (a.id().equals(b.id())) {
                return LinkPersonsResponse.newBuilder().setSurvivorPersonId(a.id()).setAlreadyMerged(true)
                        .setMerge(mergeJoining(request.getPersonId(), request.getOtherPersonId())).build();
            }
            boolean aSurvives = Survivorship.survives(candidate(a), candidate(b));
            try (Leases.Held held = leases.take(List.of(a.id(), b.id()))) {
                Optional<Person> survivor = persons.find(aSurvives ? a.id() : b.id());
                Optional<Person> merged = persons.find(aSurvives ? b.id() : a.id());
                if (survivor.isEmpty() || merged.isEmpty() || !survivor.get().root() || !merged.get().root()) {
                    continue;
                }
                MergeRecord record = merges.merge(survivor.get(), merged.get(), MergeTrigger.MERGE_TRIGGER_LINK,
                        request.getReason(), request.getRequestingSystem(), request.getRequestId(), now);
                return LinkPersonsResponse.newBuilder().setSurvivorPersonId(survivor.get().id()).setMerge(record)
                        .build();
            } catch (Merges.Moved e) {
                // one of them was merged by a concurrent request: read the roots again
            }
        }
        throw GrpcErrors.error(Status.Code.ABORTED, "CONTENTION",
                "the persons were merged concurrently too often; retry with the same idempotency key");
    }

    /** The merge that put one of two ids (resolving to one root) under the other, or the nearer one. */
    private MergeRecord mergeJoining(String id, String other) {
        for (String start : List.of(id, other)) {
            Optional<Person> p = persons.find(start);
            if (p.isPresent() && p.get().mergeId() != null) {
                Optional<MergeStore.Stored> stored = mergeStore.find(p.get().mergeId());
                if (stored.isPresent()) {
                    return stored.get().record();
                }
            }
        }
        return MergeRecord.getDefaultInstance();
    }

    public UnmergePersonsResponse unmerge(UnmergePersonsRequest request) {
        Checks checks = new Checks();
        if (request.getMergeId().isEmpty() || request.getMergeId().length() > 64) {
            checks.add("merge_id", request.getMergeId().isEmpty() ? "is required" : "must be at most 64 characters");
        }
        checks.reason(request.hasReason() ? request.getReason() : null, "reason");
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.maxLength(request.getRequestId(), 128, "request_id");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("UnmergePersons", request.getIdempotencyKey(), request,
                UnmergePersonsResponse.parser(), () -> unmerge(request, Instant.now()));
    }

    private UnmergePersonsResponse unmerge(UnmergePersonsRequest request, Instant now) {
        MergeStore.Stored stored = mergeStore.find(request.getMergeId()).orElseThrow(() -> GrpcErrors.error(
                Status.Code.NOT_FOUND, "MERGE_NOT_FOUND", "no merge has id '" + request.getMergeId() + "'"));
        MergeRecord record = stored.record();
        try (Leases.Held held = leases.take(List.of(record.getSurvivorPersonId(), record.getMergedPersonId()))) {
            stored = mergeStore.find(request.getMergeId()).orElseThrow();
            if (stored.state() == State.UNMERGE_PENDING || stored.state() == State.UNMERGED) {
                throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "MERGE_ALREADY_REVERSED",
                        "merge " + record.getMergeId() + " was already reversed");
            }
            if (stored.state() == State.PENDING) {
                throw GrpcErrors.error(Status.Code.ABORTED, "CONTENTION",
                        "merge " + record.getMergeId() + " is still being made; retry with the same idempotency key");
            }
            for (String id : List.of(record.getSurvivorPersonId(), record.getMergedPersonId())) {
                if (persons.find(id).map(Person::forgotten).orElse(true)) {
                    throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                            "person " + id + " of merge " + record.getMergeId() + " was forgotten since");
                }
            }
            MergeRecord reversed = merges.unmerge(stored.record(), request.getReason(), request.getRequestingSystem(),
                    request.getRequestId(), now);
            Person restored = persons.find(record.getMergedPersonId()).orElseThrow();
            return UnmergePersonsResponse.newBuilder().setMerge(reversed).setRestoredPersonId(restored.id())
                    .addAllRestoredIdentifiers(merges.identifiersOfTree(restored)).build();
        } catch (Merges.Moved e) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "MERGE_ALREADY_REVERSED",
                    "merge " + record.getMergeId() + " was reversed by a concurrent request");
        }
    }

    private static Survivorship.Candidate candidate(Person p) {
        return new Survivorship.Candidate(p.id(), p.kind(), p.createdAt());
    }

    static StatusRuntimeException notFound(String personId) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", "no person has id '" + personId + "'");
    }
}
