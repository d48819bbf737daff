package io.crowsnest.platform.grpc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.crowsnest.platform.errors.Refusal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * Runs one unary call and turns failures into the contract's status codes in one place for every
 * service: a domain {@link Refusal} by its kind with its reason, a status thrown by the service as it is, a store that could not take the call as
 * UNAVAILABLE (retry with the same idempotency key) — never INTERNAL — and anything else as
 * INTERNAL, logged with the trace id. Store exceptions are recognised by class
 * name, so services that own no Redis need no Redis client.
 */
public final class Calls {

    private static final Logger LOG = Logger.getLogger(Calls.class);

    private Calls() {
    }

    public static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        try {
            T result = body.get();
            response.onNext(result);
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(status(e));
        }
    }

    /** Starts a server stream; a failure before the first message ends the call with its status. */
    public static void stream(StreamObserver<?> response, Runnable start) {
        try {
            start.run();
        } catch (RuntimeException e) {
            response.onError(status(e));
        }
    }

    /**
     * The status a failure answers: a domain {@link Refusal} by its kind (see {@link #refusal});
     * a status thrown by the service as it is; a store that could not
     * take the call — a lost, cleared, refused or timed-out connection, a primary stepping down, a
     * Redis loading, busy or resharding, found anywhere in the cause chain — UNAVAILABLE with
     * REDIS_UNAVAILABLE or MONGODB_UNAVAILABLE (retryable: nothing or everything was written, retry
     * with the same idempotency key); anything else INTERNAL, logged with the trace id.
     */
    public static StatusRuntimeException status(RuntimeException e) {
        if (e instanceof Refusal r) {
            return refusal(r);
        }
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        for (Throwable t = e, seen = null; t != null && t != seen; seen = t, t = t.getCause()) {
            if (redisUnavailable(t)) {
                return GrpcErrors.error(Status.Code.UNAVAILABLE, "REDIS_UNAVAILABLE",
                        "the service's Redis is unreachable; nothing was changed that needs it, retry with the same "
                                + "idempotency key");
            }
            if (mongoUnavailable(t)) {
                return GrpcErrors.error(Status.Code.UNAVAILABLE, "MONGODB_UNAVAILABLE",
                        "the service's database (MongoDB) is unreachable or failing over; retry with the same "
                                + "idempotency key");
            }
        }
        LOG.error("unexpected failure", e);
        return Status.INTERNAL.withDescription("unexpected failure: " + e.getClass().getSimpleName())
                .asRuntimeException();
    }

    /**
     * A refusal's status: its kind's code with an ErrorInfo carrying the reason and metadata (plus
     * {@code field} when it names one); INVALID_ARGUMENT as a BadRequest field violation on that
     * field, with the reason as ErrorInfo when it has one.
     */
    public static StatusRuntimeException refusal(Refusal r) {
        if (r.kind() == Refusal.Kind.INVALID_ARGUMENT) {
            String field = r.field() == null ? "" : r.field();
            return r.reason() == null ? GrpcErrors.invalid(field, r.getMessage())
                    : GrpcErrors.invalid(field, r.getMessage(), r.reason());
        }
        Map<String, String> metadata = r.metadata();
        if (r.field() != null) {
            metadata = new HashMap<>(metadata);
            metadata.put("field", r.field());
        }
        Status.Code code = switch (r.kind()) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ABORTED -> Status.Code.ABORTED;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
        return GrpcErrors.error(code, r.reason() == null ? r.kind().name() : r.reason(), r.getMessage(), metadata);
    }

    /** MongoDB could not take the call now; the driver or the server says it is worth retrying. */
    static boolean mongoUnavailable(Throwable t) {
        if (isA(t, "com.mongodb.MongoSocketException") || isA(t, "com.mongodb.MongoTimeoutException")
                || isA(t, "com.mongodb.MongoConnectionPoolClearedException")
                || isA(t, "com.mongodb.MongoNotPrimaryException") || isA(t, "com.mongodb.MongoNodeIsRecoveringException")
                || isA(t, "com.mongodb.MongoInterruptedException") || isA(t, "com.mongodb.MongoExecutionTimeoutException")
                || isA(t, "com.mongodb.MongoWriteConcernException")) {
            return true;
        }
        return isA(t, "com.mongodb.MongoException") && (hasLabel(t, "RetryableWriteError")
                || hasLabel(t, "TransientTransactionError") || hasLabel(t, "RetryableError"));
    }

    /** Redis could not take the call now: unreachable, loading, busy, or a cluster moving slots. */
    static boolean redisUnavailable(Throwable t) {
        if (isA(t, "redis.clients.jedis.exceptions.JedisConnectionException")
                || isA(t, "redis.clients.jedis.exceptions.JedisClusterOperationException")
                || isA(t, "redis.clients.jedis.exceptions.JedisBusyException")
                || isA(t, "redis.clients.jedis.exceptions.JedisRedirectionException")) {
            return true;
        }
        if (isA(t, "redis.clients.jedis.exceptions.JedisDataException") && t.getMessage() != null) {
            String m = t.getMessage();
            return m.startsWith("LOADING") || m.startsWith("TRYAGAIN") || m.startsWith("CLUSTERDOWN")
                    || m.startsWith("MASTERDOWN") || m.startsWith("READONLY") || m.startsWith("BUSY");
        }
        return false;
    }

    private static boolean hasLabel(Throwable t, String label) {
        try {
            return (Boolean) t.getClass().getMethod("hasErrorLabel", String.class).invoke(t, label);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isA(Throwable e, String className) {
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
