package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one operation from many threads for a fixed time, either as fast as each thread can
 * (closed loop) or at a fixed total rate (open loop, latency counted from each operation's intended
 * start so that a stall is not hidden), printing progress every second.
 */
final class LoadRun {

    /** One operation; its latency is measured by the caller. */
    interface Operation {
        void run(int thread) throws Exception;
    }

    private LoadRun() {
    }

    static Figures closedLoop(String label, int threads, Duration duration, Operation op, PrintStream out)
            throws Exception {
        return run(label, threads, duration, 0, 1, op, out);
    }

    /** Closed loop over an operation that carries {@code items} items (a batch call), counted in items. */
    static Figures closedLoop(String label, int threads, Duration duration, int items, Operation op, PrintStream out)
            throws Exception {
        return run(label, threads, duration, 0, items, op, out);
    }

    static Figures openLoop(String label, int threads, Duration duration, double ratePerSecond, Operation op,
            PrintStream out) throws Exception {
        return run(label, threads, duration, ratePerSecond, 1, op, out);
    }

    private static Figures run(String label, int threads, Duration duration, double rate, int items, Operation op,
            PrintStream out) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = rate > 0 ? (long) (1e9 * threads / rate) : 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                long intended = start + (interval > 0 ? interval * thread / threads : 0);
                while (true) {
                    if (interval > 0) {
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    long began = interval > 0 ? intended : System.nanoTime();
                    if (began >= end) {
                        return null;
                    }
                    if (interval > 0 && System.nanoTime() >= end) {
                        // behind schedule when the phase ends: the operations still due were never sent;
                        // each counts with the delay it had reached, a lower bound, so a stall is not hidden
                        for (long now = System.nanoTime(); intended < end; intended += interval) {
                            recorder.recordValue(Math.max(1, (now - intended) / 1000));
                            unsent.incrementAndGet();
                        }
                        return null;
                    }
                    try {
                        op.run(thread);
                        recorder.recordValue(Math.max(1, (System.nanoTime() - began) / 1000));
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    intended += interval;
                }
            }));
        }
        Histogram total = new Histogram(3);
        long lastCount = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            Histogram second = recorder.getIntervalHistogram();
            total.add(second);
            long count = done.get();
            out.printf("  %-30s %5.0f s  %7d %s/s  p99 %6.2f ms%s%n", label, (System.nanoTime() - start) / 1e9,
                    (count - lastCount) * items, items == 1 ? "ops" : "items", second.getValueAtPercentile(99) / 1000.0,
                    failed.get() > 0 ? "  failures " + failed.get() : "");
            lastCount = count;
        }
        for (Future<?> worker : workers) {
            worker.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        total.add(recorder.getIntervalHistogram());
        if (failed.get() > 0) {
            out.printf("  %s: %d operations failed%n", label, failed.get());
        }
        if (unsent.get() > 0) {
            out.printf("  %s: %d operations never sent (behind schedule at the end of the phase; in the latencies "
                    + "with the delay they had reached)%n", label, unsent.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(label, threads, done.get(), items, seconds, total);
    }
}
