package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.time.Duration;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The cheapest call a service answers: a request refused by validation before any store is
 * touched. Its rate is what the gRPC stack alone (client and server on these cores) sustains, the
 * ceiling of any path that makes that many calls per operation.
 */
final class TransportFloor {

    private TransportFloor() {
    }

    static Figures measure(String label, int clients, Duration phase, Runnable invalidCall, PrintStream out)
            throws Exception {
        LoadRun.Operation refused = thread -> {
            try {
                invalidCall.run();
                throw new IllegalStateException("an invalid request was accepted: " + label);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                    throw e;
                }
            }
        };
        // the refusal path is JIT-cold until now: warm it before measuring
        out.printf("gRPC floor: %s, warming up (5 s)...%n", label);
        LoadRun.closedLoop("warm-up", clients, Duration.ofSeconds(5), refused, out);
        out.printf("gRPC floor: %s, %d clients, %d s%n", label, clients, phase.toSeconds());
        return LoadRun.closedLoop(label, clients, phase, refused, out);
    }
}
