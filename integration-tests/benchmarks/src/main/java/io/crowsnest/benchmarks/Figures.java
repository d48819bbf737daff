package io.crowsnest.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What one load phase measured.
 *
 * @param label       e.g. "reserve+commit, 16 clients"
 * @param concurrency clients (threads) sending at once
 * @param operations  completed operations
 * @param seconds     measured duration
 * @param latency     latency of each operation in microseconds
 */
record Figures(String label, int concurrency, long operations, double seconds, Histogram latency) {

    double throughput() {
        return operations / seconds;
    }

    double millis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    String line() {
        return String.format("%-34s %4d clients %9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", label,
                concurrency, throughput(), millis(50), millis(99), latency.getMaxValue() / 1000.0);
    }
}
