package io.crowsnest.identity.service;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.idempotency.OnceEach;
import io.grpc.StatusRuntimeException;

/**
 * ResolvePersons: the checked requests of a batch resolved by ResolvePerson's own rules
 * ({@link ResolvePersonService}), one after the other in request order. What batching saves is
 * store round trips: the idempotency keys are claimed together, the identifiers and persons of the
 * whole batch are read together ({@link Snapshot}), and the responses are stored together at the
 * end, so a request that finds everything known writes nothing itself. Once the store turns out
 * to be unreachable, the requests not resolved yet fail with that error at once instead of each
 * waiting out its own timeout.
 */
@ApplicationScoped
public class ResolvePersonBatchService {

    /** The idempotency scope the batch's items share with ResolvePerson. */
    public static final String RPC = "ResolvePerson";
    private static final String OUTAGE = "MONGODB_UNAVAILABLE";

    @Inject
    ResolvePersonService resolver;
    @Inject
    Idempotency idempotency;
    @Inject
    IdentifierStore identifiers;
    @Inject
    PersonStore persons;
    @Inject
    Clock clock;

    /** One checked request of the batch: the request as sent (its idempotency key and content) and its command. */
    public record Item(ResolvePersonRequest request, ResolveCommand command) {
    }

    /** An item's answer, or the failure the adapter maps as ResolvePerson would. */
    public record Outcome(ResolvePersonResponse resolved, RuntimeException failure) {
    }

    /** Resolves the items; the outcomes in the items' order. */
    public List<Outcome> resolve(List<Item> items) {
        Outcome[] outcomes = new Outcome[items.size()];
        OnceEach<ResolvePersonResponse> once;
        Snapshot snapshot;
        try {
            once = idempotency.each(RPC, items.stream().map(i -> i.request().getIdempotencyKey()).toList(),
                    items.stream().map(Item::request).toList(), ResolvePersonResponse.parser());
            snapshot = new Snapshot(identifiers, persons, hashes(items));
        } catch (RuntimeException e) {
            return items.stream().map(i -> new Outcome(null, e)).toList();
        }
        RuntimeException outage = null;
        for (int item = 0; item < items.size(); item++) {
            if (outage != null) {
                outcomes[item] = new Outcome(null, outage);
                continue;
            }
            ResolveCommand ask = items.get(item).command();
            snapshot.next();
            try {
                outcomes[item] = new Outcome(once.run(item, () -> resolver.resolve(ask.at(clock.instant()), snapshot)),
                        null);
            } catch (RuntimeException e) {
                outcomes[item] = new Outcome(null, e);
                outage = outage(e) ? e : null;
            }
        }
        if (outage == null) {
            try {
                once.store();
            } catch (RuntimeException e) {
                outage = e;
            }
        }
        // resolved, but their responses could not be stored: answered as ResolvePerson would then
        for (int item : once.unstored()) {
            outcomes[item] = new Outcome(null, outage);
        }
        return List.of(outcomes);
    }

    /** Whether the failure is the store being unreachable (a refusal by identity's rules never is). */
    private static boolean outage(RuntimeException e) {
        if (e instanceof StatusRuntimeException) {
            return OUTAGE.equals(ItemErrors.of(e).getReason());
        }
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException;
    }

    private static Set<String> hashes(List<Item> items) {
        Set<String> hashes = new LinkedHashSet<>();
        items.forEach(i -> i.command().ids().stream().map(Identifier::hash).forEach(hashes::add));
        return hashes;
    }
}
