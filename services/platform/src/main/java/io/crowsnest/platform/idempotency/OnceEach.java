package io.crowsnest.platform.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * {@link Idempotency#once} for the items of a batch, with the store round trips shared: every key
 * was claimed up front (one insert of them all, one read of those that existed), and the
 * responses wait to be stored together ({@link #store}). Each item gets exactly what once() would
 * answer it. A key that recurs in the batch is run through once() itself when its turn comes,
 * after what is waiting is stored, so that it sees its first use as a retry would. The claims not
 * run yet are renewed together once half their lease has gone by, so that a long batch never runs
 * an item whose claim a duplicate request took over meanwhile.
 */
public final class OnceEach<T extends Message> {

    private final Idempotency idempotency;
    private final IdempotencyStore store;
    private final String rpc;
    private final List<String> keys;
    private final List<? extends Message> requests;
    private final Parser<T> parser;
    private final Map<String, IdempotencyStore.Claim> claims;
    private Instant claimedAt;
    private final Map<String, IdempotencyStore.Outcome> waiting = new LinkedHashMap<>();
    private final Set<Integer> unstored = new TreeSet<>();

    OnceEach(Idempotency idempotency, IdempotencyStore store, String rpc, List<String> keys,
            List<? extends Message> requests, Parser<T> parser, Map<String, IdempotencyStore.Claim> claims,
            Instant claimedAt) {
        this.idempotency = idempotency;
        this.store = store;
        this.rpc = rpc;
        this.keys = keys;
        this.requests = requests;
        this.parser = parser;
        this.claims = new LinkedHashMap<>(claims);
        this.claimedAt = claimedAt;
    }

    /** Item {@code item} (its index in the keys given) as once() would run it; items run in order. */
    public T run(int item, Supplier<T> work) {
        String key = keys.get(item);
        if (claims.get(key) instanceof IdempotencyStore.Claimed) {
            renewIfHalfGone();
        }
        IdempotencyStore.Claim claim = claims.remove(key);
        if (claim == null) {
            store();
            return idempotency.once(rpc, key, requests.get(item), parser, work);
        }
        return idempotency.settle(rpc, key, requests.get(item), claim, parser, work, result -> List.of(), outcome -> {
            waiting.put(key, outcome);
            unstored.add(item);
        });
    }

    /** Renews the claims still to run once half their lease is gone; a claim lost meanwhile is running elsewhere. */
    private void renewIfHalfGone() {
        Instant now = idempotency.clock.instant();
        if (Duration.between(claimedAt, now).compareTo(store.lease().dividedBy(2)) < 0) {
            return;
        }
        List<String> mine = claims.entrySet().stream().filter(e -> e.getValue() instanceof IdempotencyStore.Claimed)
                .map(Map.Entry::getKey).toList();
        Set<String> held = store.renewAll(rpc, mine, claimedAt, now);
        mine.stream().filter(key -> !held.contains(key)).forEach(key -> claims.put(key, new IdempotencyStore.Running()));
        claimedAt = now;
    }

    /** Stores the responses waiting, in one write; on failure they keep waiting. */
    public void store() {
        store.completeAll(rpc, waiting);
        waiting.clear();
        unstored.clear();
    }

    /** The items that ran but whose responses are not stored yet. */
    public Set<Integer> unstored() {
        return Set.copyOf(unstored);
    }
}
