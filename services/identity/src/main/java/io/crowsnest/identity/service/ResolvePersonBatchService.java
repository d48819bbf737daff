package io.crowsnest.identity.service;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.PersonStore;

/**
 * ResolvePersons: the checked requests of a batch resolved by ResolvePerson's own rules
 * ({@link ResolvePersonService}), one after the other in request order. What batching saves is
 * store round trips: the idempotency keys are claimed together (by the adapter, which owns the
 * requests and their answers as sent), the identifiers and persons of the
 * whole batch are read together ({@link Snapshot}), and the responses are stored together at the
 * end, so a request that finds everything known writes nothing itself. Once the store turns out
 * to be unreachable, the requests not resolved yet fail with that error at once instead of each
 * waiting out its own timeout.
 */
@ApplicationScoped
public class ResolvePersonBatchService {

    /** The idempotency scope the batch's items share with ResolvePerson. */
    public static final String RPC = "ResolvePerson";

    @Inject
    ResolvePersonService resolver;
    @Inject
    IdentifierStore identifiers;
    @Inject
    PersonStore persons;
    @Inject
    Clock clock;
    @Inject
    RehashService rehash;

    /** An item's answer (as the idempotency claims keep it), or the failure the adapter maps as ResolvePerson would. */
    public record Outcome<T>(T resolved, RuntimeException failure) {
    }

    /**
     * The idempotency claims of the batch's keys, taken together by the adapter (which owns the
     * requests and their answers as sent; the platform's OnceEach): each item run as ResolvePerson's
     * once() would run it, the answers stored together, and which ran but are not stored yet.
     */
    public interface Claims<T> {

        /** Item {@code item} as once() would run it; items run in order. */
        T run(int item, Supplier<T> work);

        /** Stores the answers waiting, in one write; on failure they keep waiting. */
        void store();

        /** The items that ran but whose answers are not stored yet. */
        Set<Integer> unstored();
    }

    /**
     * Resolves the checked requests in order; the outcomes in the same order. {@code claim} claims
     * the items' idempotency keys together (a key answered before replays its answer), and
     * {@code answer} turns a resolution into the answer the claims store.
     */
    public <T> List<Outcome<T>> resolve(List<ResolveCommand> items, Supplier<Claims<T>> claim,
            Function<Resolution, T> answer) {
        @SuppressWarnings("unchecked")
        Outcome<T>[] outcomes = new Outcome[items.size()];
        Claims<T> once;
        Snapshot snapshot;
        try {
            once = claim.get();
            rehash.toCurrent(items.stream().flatMap(i -> i.ids().stream()).toList());
            snapshot = new Snapshot(identifiers, persons, hashes(items));
        } catch (RuntimeException e) {
            return items.stream().map(i -> new Outcome<T>(null, e)).toList();
        }
        RuntimeException outage = null;
        for (int item = 0; item < items.size(); item++) {
            if (outage != null) {
                outcomes[item] = new Outcome<>(null, outage);
                continue;
            }
            ResolveCommand ask = items.get(item);
            snapshot.next();
            try {
                outcomes[item] = new Outcome<>(
                        once.run(item, () -> answer.apply(resolver.resolve(ask.at(clock.instant()), snapshot))), null);
            } catch (RuntimeException e) {
                outcomes[item] = new Outcome<>(null, e);
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
            outcomes[item] = new Outcome<>(null, outage);
        }
        return List.of(outcomes);
    }

    /** Whether the failure is the store being unreachable (a refusal by identity's rules never is). */
    private static boolean outage(RuntimeException e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException;
    }

    private static Set<String> hashes(List<ResolveCommand> items) {
        Set<String> hashes = new LinkedHashSet<>();
        items.forEach(i -> i.ids().stream().map(Identifier::hash).forEach(hashes::add));
        return hashes;
    }
}
