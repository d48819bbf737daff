package io.crowsnest.identity.api;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** Runs one unary call and turns failures into the contract's status codes. */
final class Calls {

    private static final Logger LOG = Logger.getLogger(Calls.class);

    private Calls() {
    }

    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        try {
            T result = body.get();
            response.onNext(result);
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(status(e));
        }
    }

    static StatusRuntimeException status(RuntimeException e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
            return GrpcErrors.error(Status.Code.UNAVAILABLE, "MONGODB_UNAVAILABLE",
                    "the identity database (MongoDB) is unreachable; retry with the same idempotency key");
        }
        LOG.error("unexpected failure", e);
        return Status.INTERNAL.withDescription("unexpected failure: " + e.getClass().getSimpleName())
                .asRuntimeException();
    }
}
