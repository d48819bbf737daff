package io.crowsnest.identity.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.Message;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.mapping.IdentityMapping;
import io.crowsnest.identity.service.ResolveCommand;
import io.crowsnest.identity.service.ResolvePersonBatchService;
import io.crowsnest.identity.service.ResolvePersonService;
import io.crowsnest.identity.v1.LinkEvidence;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvePersonResult;
import io.crowsnest.identity.v1.ResolvePersonsRequest;
import io.crowsnest.identity.v1.ResolvePersonsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.idempotency.OnceEach;

/** ResolvePerson and ResolvePersons: each request checked into a {@link ResolveCommand}, then resolved. */
@ApplicationScoped
class ResolveAdapter {

    static final int MAX_IDENTIFIERS = 20;
    static final int MAX_REQUESTS = 500;

    @Inject
    Normaliser normaliser;
    @Inject
    IdentityConfig config;
    @Inject
    Clock clock;
    @Inject
    Idempotency idempotency;
    @Inject
    ResolvePersonService resolvePerson;
    @Inject
    ResolvePersonBatchService resolveBatch;

    ResolvePersonResponse resolve(ResolvePersonRequest request) {
        ResolveCommand command = check(request);
        return idempotency.once(ResolvePersonBatchService.RPC, request.getIdempotencyKey(), request,
                ResolvePersonResponse.parser(), () -> IdentityMapping.resolved(resolvePerson.resolve(command)));
    }

    /** Every request checked on its own; an item that fails its checks answers them, the others go on. */
    ResolvePersonsResponse resolve(ResolvePersonsRequest request) {
        int count = request.getRequestsCount();
        if (count < 1 || count > MAX_REQUESTS) {
            throw GrpcErrors.invalid("requests", "must hold 1 to " + MAX_REQUESTS + " requests, not " + count);
        }
        ResolvePersonResult[] results = new ResolvePersonResult[count];
        List<Integer> valid = new ArrayList<>();
        List<ResolvePersonRequest> requests = new ArrayList<>();
        List<ResolveCommand> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                items.add(check(request.getRequests(i)));
                requests.add(request.getRequests(i));
                valid.add(i);
            } catch (RuntimeException e) {
                results[i] = ResolvePersonResult.newBuilder().setError(ErrorMapper.item(e)).build();
            }
        }
        if (!items.isEmpty()) {
            // one failure shared by many items (an outage) is mapped, and logged when unexpected, once
            Map<RuntimeException, ItemError> mapped = new IdentityHashMap<>();
            List<ResolvePersonBatchService.Outcome<ResolvePersonResponse>> outcomes = resolveBatch.resolve(items,
                    () -> claims(idempotency.each(ResolvePersonBatchService.RPC,
                            requests.stream().map(ResolvePersonRequest::getIdempotencyKey).toList(), requests,
                            ResolvePersonResponse.parser())),
                    IdentityMapping::resolved);
            for (int item = 0; item < outcomes.size(); item++) {
                ResolvePersonBatchService.Outcome<ResolvePersonResponse> outcome = outcomes.get(item);
                results[valid.get(item)] = outcome.failure() == null
                        ? ResolvePersonResult.newBuilder().setResolved(outcome.resolved()).build()
                        : ResolvePersonResult.newBuilder()
                                .setError(mapped.computeIfAbsent(outcome.failure(), ErrorMapper::item)).build();
            }
        }
        return ResolvePersonsResponse.newBuilder().addAllResults(List.of(results)).build();
    }

    /** The platform's claims of a batch's idempotency keys as the batch use case takes them. */
    private static <T extends Message> ResolvePersonBatchService.Claims<T> claims(OnceEach<T> each) {
        return new ResolvePersonBatchService.Claims<>() {
            @Override
            public T run(int item, Supplier<T> work) {
                return each.run(item, work);
            }

            @Override
            public void store() {
                each.store();
            }

            @Override
            public Set<Integer> unstored() {
                return each.unstored();
            }
        };
    }

    /** The request checked, or INVALID_ARGUMENT with every bad field (paths relative to the request). */
    ResolveCommand check(ResolvePersonRequest request) {
        Instant now = clock.instant();
        Checks checks = new Checks();
        Map<String, Identifier> distinct = new LinkedHashMap<>();
        int count = request.getIdentifiersCount();
        if (count == 0) {
            checks.add("identifiers", "at least one identifier is required");
        } else if (count > MAX_IDENTIFIERS) {
            checks.add("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers");
        } else {
            for (int i = 0; i < count; i++) {
                Identifier id = checks.identifier(normaliser, request.getIdentifiers(i), "identifiers[" + i + "]");
                if (id != null) {
                    distinct.putIfAbsent(id.hash(), id);
                }
            }
        }
        if (request.getEvidenceValue() < 0
                || request.getEvidenceValue() > LinkEvidence.LINK_EVIDENCE_AUTHENTICATED_VALUE) {
            checks.add("evidence", "is not a known LinkEvidence");
        }
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.maxLength(request.getRequestId(), 128, "request_id");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        Instant observedAt = null;
        if (request.hasObservedAt()) {
            Instant observed = checks.timestamp(request.getObservedAt(), "observed_at");
            if (observed != null && observed.isAfter(now.plus(config.observedAtSkew()))) {
                checks.add("observed_at", "is more than " + config.observedAtSkew() + " in the future");
            } else if (observed != null) {
                observedAt = observed;
            }
        }
        checks.throwIfAny();
        return new ResolveCommand(List.copyOf(distinct.values()),
                request.getEvidence() == LinkEvidence.LINK_EVIDENCE_AUTHENTICATED, request.getRequestingSystem(),
                request.getRequestId(), observedAt, now);
    }
}
