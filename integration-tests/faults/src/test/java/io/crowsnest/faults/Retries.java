package io.crowsnest.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * How the fault suite's callers retry, as real callers do: a call refused with a retryable status
 * is sent again (with the same idempotency key) until answered; any other refusal — INTERNAL above
 * all — fails the run. Counts every refusal by status and reason.
 */
final class Retries {

    private final AtomicLong refusals = new AtomicLong();
    private final Map<String, AtomicLong> refusedBy = new ConcurrentHashMap<>();

    /** What a caller retries: the call may be taken again. */
    static boolean retryable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.ABORTED;
    }

    /** Sends until answered, or null when {@code budget} runs out first. */
    <T> T untilAnswered(Supplier<T> call, Duration budget) {
        Instant giveUp = Instant.now().plus(budget);
        while (Instant.now().isBefore(giveUp)) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (!retryable(e.getStatus().getCode())) {
                    throw e;
                }
                refused(e.getStatus().getCode(), GrpcErrorDetails.reason(e));
                Retries.pause();
            }
        }
        return null;
    }

    /** Counts a retryable refusal the caller handles itself (e.g. one item of a batch). */
    void refused(Status.Code code, String reason) {
        refusals.incrementAndGet();
        refusedBy.computeIfAbsent(code + (reason.isEmpty() ? "" : " " + reason), k -> new AtomicLong())
                .incrementAndGet();
    }

    /** The pause between two tries of a refused call, and between two looks at a slow result. */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count() {
        return refusals.get();
    }

    /** Refusals so far by "STATUS reason", e.g. "UNAVAILABLE MONGODB_UNAVAILABLE". */
    Map<String, Long> byReason() {
        Map<String, Long> counts = new TreeMap<>();
        refusedBy.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }
}
