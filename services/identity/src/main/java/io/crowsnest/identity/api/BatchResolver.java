package io.crowsnest.identity.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvePersonResult;
import io.crowsnest.identity.v1.ResolvePersonsRequest;
import io.crowsnest.identity.v1.ResolvePersonsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.idempotency.OnceEach;

/**
 * ResolvePersons: every request of the batch is validated and resolved by ResolvePerson's own
 * rules (Resolver), one after the other in request order, and its answer or error becomes its
 * result. What batching saves is store round trips: the idempotency keys are claimed together,
 * the identifiers and persons of the whole batch are read together (Snapshot), and the responses
 * are stored together at the end, so a request that finds everything known writes nothing itself.
 * Once the store turns out to be unreachable, the requests not resolved yet are answered with
 * that error at once instead of each waiting out its own timeout.
 */
@ApplicationScoped
public class BatchResolver {

    static final int MAX_REQUESTS = 500;
    private static final String OUTAGE = "MONGODB_UNAVAILABLE";

    @Inject
    Resolver resolver;
    @Inject
    Idempotency idempotency;
    @Inject
    IdentifierStore identifiers;
    @Inject
    PersonStore persons;

    public ResolvePersonsResponse resolve(ResolvePersonsRequest request) {
        int count = request.getRequestsCount();
        if (count < 1 || count > MAX_REQUESTS) {
            throw GrpcErrors.invalid("requests", "must hold 1 to " + MAX_REQUESTS + " requests, not " + count);
        }
        ResolvePersonResult[] results = new ResolvePersonResult[count];
        List<Integer> valid = new ArrayList<>();
        List<Resolver.Ask> asks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                asks.add(resolver.ask(request.getRequests(i)));
                valid.add(i);
            } catch (RuntimeException e) {
                results[i] = failed(ItemErrors.of(e));
            }
        }
        if (!valid.isEmpty()) {
            resolveValid(request, valid, asks, results);
        }
        return ResolvePersonsResponse.newBuilder().addAllResults(List.of(results)).build();
    }

    private void resolveValid(ResolvePersonsRequest request, List<Integer> valid, List<Resolver.Ask> asks,
            ResolvePersonResult[] results) {
        List<ResolvePersonRequest> requests = valid.stream().map(request::getRequests).toList();
        OnceEach<ResolvePersonResponse> once;
        Snapshot snapshot;
        try {
            once = idempotency.each(Resolver.RPC, requests.stream().map(ResolvePersonRequest::getIdempotencyKey)
                    .toList(), requests, ResolvePersonResponse.parser());
            snapshot = new Snapshot(identifiers, persons, hashes(asks));
        } catch (RuntimeException e) {
            ItemError error = ItemErrors.of(e);
            valid.forEach(i -> results[i] = failed(error));
            return;
        }
        ItemError outage = null;
        for (int item = 0; item < valid.size(); item++) {
            int i = valid.get(item);
            if (outage != null) {
                results[i] = failed(outage);
                continue;
            }
            Resolver.Ask ask = asks.get(item);
            snapshot.next();
            try {
                results[i] = ResolvePersonResult.newBuilder()
                        .setResolved(once.run(item, () -> resolver.resolve(ask.at(Instant.now()), snapshot))).build();
            } catch (RuntimeException e) {
                results[i] = failed(ItemErrors.of(e));
                outage = outage(results[i].getError());
            }
        }
        if (outage == null) {
            try {
                once.store();
            } catch (RuntimeException e) {
                outage = ItemErrors.of(e);
            }
        }
        // resolved, but their responses could not be stored: answered as ResolvePerson would then
        for (int item : once.unstored()) {
            results[valid.get(item)] = failed(outage);
        }
    }

    private static ItemError outage(ItemError error) {
        return OUTAGE.equals(error.getReason()) ? error : null;
    }

    private static Set<String> hashes(List<Resolver.Ask> asks) {
        Set<String> hashes = new LinkedHashSet<>();
        asks.forEach(ask -> ask.ids().stream().map(Identifier::hash).forEach(hashes::add));
        return hashes;
    }

    private static ResolvePersonResult failed(ItemError error) {
        return ResolvePersonResult.newBuilder().setError(error).build();
    }
}
