package io.crowsnest.platform.grpc;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * Runs one unary call and turns failures into the contract's status codes: a status thrown by the
 * service as it is, an unreachable store as UNAVAILABLE (retry with the same idempotency key),
 * anything else as INTERNAL, logged with the trace id. Store exceptions are recognised by class
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

    public static StatusRuntimeException status(RuntimeException e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (isA(e, "redis.clients.jedis.exceptions.JedisConnectionException")) {
            return GrpcErrors.error(Status.Code.UNAVAILABLE, "REDIS_UNAVAILABLE",
                    "the service's Redis is unreachable; nothing was changed that needs it, retry with the same "
                            + "idempotency key");
        }
        if (isA(e, "com.mongodb.MongoTimeoutException") || isA(e, "com.mongodb.MongoSocketException")) {
            return GrpcErrors.error(Status.Code.UNAVAILABLE, "MONGODB_UNAVAILABLE",
                    "the service's database (MongoDB) is unreachable; retry with the same idempotency key");
        }
        LOG.error("unexpected failure", e);
        return Status.INTERNAL.withDescription("unexpected failure: " + e.getClass().getSimpleName())
                .asRuntimeException();
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
