package io.crowsnest.platform.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * Runs a mutating request at most once per idempotency key: a retry with the same request gets
 * the first response, the same key with another request is refused.
 */
@ApplicationScoped
@IfBuildProperty(name = "crowsnest.mongo.enabled", stringValue = "true")
public class Idempotency {

    @Inject
    IdempotencyStore store;
    @Inject
    Clock clock;

    public <T extends Message> T once(String rpc, String key, Message request, Parser<T> parser, Supplier<T> work) {
        return once(rpc, key, request, parser, work, result -> List.of());
    }

    /**
     * once() for a request whose persons the contracts' naming rule ({@link Persons}) does not find
     * at the top level of its request or response — inside its items, or known only once it ran
     * (a reservation's person): {@code persons} names them from the response, and the record is
     * deleted when any of them is erased, as with the persons the rule finds.
     */
    public <T extends Message> T once(String rpc, String key, Message request, Parser<T> parser, Supplier<T> work,
            Function<? super T, ? extends Collection<String>> persons) {
        IdempotencyStore.Claim claim = store.claim(rpc, key, ContentHash.of(request), clock.instant());
        return settle(rpc, key, request, claim, parser, work, persons,
                outcome -> store.complete(rpc, key, outcome));
    }

    /**
     * once() for the items of a batch, each under its own key, with the claims made up front
     * together and the responses stored together (see {@link OnceEach}).
     */
    public <T extends Message> OnceEach<T> each(String rpc, List<String> keys, List<? extends Message> requests,
            Parser<T> parser) {
        Map<String, String> hashByKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            hashByKey.putIfAbsent(keys.get(i), ContentHash.of(requests.get(i)));
        }
        Instant now = clock.instant();
        return new OnceEach<>(this, store, rpc, keys, requests, parser, store.claimAll(rpc, hashByKey, now), now);
    }

    /** How long a running request holds its key before a retry may take it over. */
    public Duration lease() {
        return store.lease();
    }

    /** How long an answer is kept for retries. */
    public Duration retention() {
        return store.retention();
    }

    /**
     * The answer once() kept under the key for this request, without claiming the key (empty when
     * there is none): for an RPC whose idempotency moved into the service's own records, to answer
     * retries of requests made before. A key used with a different request, or still running, is
     * refused as once() refuses it.
     */
    public <T extends Message> Optional<T> answered(String rpc, String key, Message request, Parser<T> parser) {
        IdempotencyStore.Claim found = store.peek(rpc, key, ContentHash.of(request));
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(settle(rpc, key, request, found, parser, () -> {
            throw new IllegalStateException("not claimed");
        }, result -> List.of(), outcome -> {
        }));
    }

    /**
     * Deletes the idempotency records of requests that concerned any of the persons: part of every
     * service's erasure.
     */
    public long forget(Collection<String> personIds) {
        return store.forget(personIds);
    }

    /** What once() does with a claim: replay, refuse, or run the work and hand its outcome to be stored. */
    <T extends Message> T settle(String rpc, String key, Message request, IdempotencyStore.Claim claim,
            Parser<T> parser, Supplier<T> work, Function<? super T, ? extends Collection<String>> persons,
            Consumer<IdempotencyStore.Outcome> complete) {
        if (claim instanceof IdempotencyStore.Done done) {
            try {
                return parser.parseFrom(done.response());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("stored response of " + rpc + " is unreadable", e);
            }
        }
        if (claim instanceof IdempotencyStore.Reused) {
            throw GrpcErrors.error(Status.Code.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED",
                    "idempotency_key '" + key + "' was already used with a different " + rpc + " request");
        }
        if (claim instanceof IdempotencyStore.Running) {
            throw GrpcErrors.error(Status.Code.ABORTED, "IDEMPOTENCY_KEY_IN_USE",
                    "a " + rpc + " request with idempotency_key '" + key + "' is running right now; retry shortly");
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            store.abandon(rpc, key);
            throw e;
        }
        List<String> concerned = new ArrayList<>(Persons.of(request, result));
        persons.apply(result).stream().filter(id -> !id.isBlank() && !concerned.contains(id)).forEach(concerned::add);
        complete.accept(new IdempotencyStore.Outcome(result.toByteArray(), List.copyOf(concerned)));
        return result;
    }
}
