package io.crowsnest.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What one load phase measured.
 *
 * @param label       e.g. "reserve+commit, 16 clients"
 * @param concurrency clients (threads) sending at once
 * @param operations  completed operations
 * @param items       items each operation carries (events of a batch call); 1 for one call per item
 * @param seconds     measured duration
 * @param latency     latency of each operation in microseconds
 */
record Figures(String label, int concurrency, long operations, int items, double seconds, Histogram latency) {

    Figures(String label, int concurrency, long operations, double seconds, Histogram latency) {
        this(label, concurrency, operations, 1, seconds, latency);
    }

    /** Items per second: operations per second for one item per operation. */
    double throughput() {
        return operations * (double) items / seconds;
    }

    double millis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    String line() {
        return String.format("%-34s %4d clients %9.0f %s/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", label,
                concurrency, throughput(), items == 1 ? "ops" : "items", millis(50), millis(99),
                latency.getMaxValue() / 1000.0);
    }
}
