package io.crowsnest.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.crowsnest.localstack.LocalStack;

/**
 * CPU time spent by each process of a run during a load phase, so that a throughput figure comes
 * with what one item cost and who spent it. The MongoDB wire-protocol server runs inside the
 * harness JVM: its threads are counted apart from the load generator's.
 */
final class CpuMeter {

    static final String MONGO = "MongoDB wire-protocol server";
    static final String HARNESS = "load generator (harness)";
    static final String MACHINE = "whole machine";

    private static final String MONGO_THREADS = "mongo-server";

    private final Map<String, Long> pids;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    CpuMeter(LocalStack stack) {
        this.pids = stack.processIds();
    }

    /** CPU nanoseconds used so far by process ({@link #MACHINE}: every core's busy time), read at {@code at}. */
    record Reading(long at, Map<String, Long> used) {
    }

    Reading read() {
        long at = System.nanoTime();
        Map<String, Long> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L)));
        long mongo = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(MONGO_THREADS))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
        long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        used.put(MONGO, mongo);
        used.put(HARNESS, Math.max(0, self - mongo));
        used.put(MACHINE, machineBusyNanos());
        return new Reading(at, used);
    }

    /**
     * What the items of a phase cost from {@code before} until now (the phase and whatever the
     * harness waited for after it, such as a backlog draining).
     */
    Use since(Reading before, Figures phase) {
        Reading now = read();
        long items = phase.operations() * phase.items();
        Map<String, Double> micros = new LinkedHashMap<>();
        now.used().forEach((name, nanos) -> micros.put(name,
                items == 0 ? 0 : (nanos - before.used().getOrDefault(name, 0L)) / 1000.0 / items));
        return new Use(phase, micros, cores(before, now));
    }

    /** Cores busy on average by process from {@code before} until now ({@link #MACHINE}: every core). */
    Map<String, Double> coresSince(Reading before) {
        return cores(before, read());
    }

    private static Map<String, Double> cores(Reading before, Reading now) {
        double elapsed = now.at() - before.at();
        Map<String, Double> cores = new LinkedHashMap<>();
        now.used().forEach((name, nanos) -> cores.put(name, (nanos - before.used().getOrDefault(name, 0L)) / elapsed));
        return cores;
    }

    /**
     * CPU per item of one phase, by process.
     *
     * @param phase  the phase measured
     * @param micros CPU microseconds per item, by process, {@link #MACHINE} last
     * @param cores  cores busy on average meanwhile, by process
     */
    record Use(Figures phase, Map<String, Double> micros, Map<String, Double> cores) {

        double processes() {
            return micros.entrySet().stream().filter(e -> !e.getKey().equals(MACHINE))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        /** Markdown: one row per process, then the sum and what the whole machine was busy with. */
        String markdown(String item) {
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                    "| process (%s, %d clients, %.0f %ss/s) | CPU µs per %s | cores busy |%n|---|---:|---:|%n",
                    phase.label(), phase.concurrency(), phase.throughput(), item, item));
            micros.forEach((name, us) -> {
                if (!name.equals(MACHINE)) {
                    md.append(row(name, us, cores.get(name)));
                }
            });
            md.append(row("**all of the above**", processes(), cores.entrySet().stream()
                    .filter(e -> !e.getKey().equals(MACHINE)).mapToDouble(Map.Entry::getValue).sum()));
            md.append(row("whole machine (every process on it)", micros.get(MACHINE), cores.get(MACHINE)));
            return md.toString();
        }

        private static String row(String name, double us, double busy) {
            return String.format(Locale.ROOT, "| %s | %.0f | %.2f |%n", name, us, busy);
        }

        /**
         * What the target throughput leaves per item on this machine's cores against what the phase
         * spent: at {@code target} items/s, n cores give n × 1,000,000 / target CPU µs per item.
         */
        String budget(double target, String item) {
            int cores = Runtime.getRuntime().availableProcessors();
            double budget = cores * 1e6 / target;
            return String.format(Locale.ROOT,
                    "At %,.0f %ss/s, %d cores leave %.0f µs of CPU per %s for everything on the machine; this "
                            + "phase spent %.0f µs per %s in the processes above (%.1f× that budget) and %.2f of the "
                            + "%d cores were busy.",
                    target, item, cores, budget, item, processes(), item, processes() / budget,
                    this.cores.get(MACHINE), cores);
        }

        String json() {
            StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                    "{\"label\": \"%s\", \"clients\": %d, \"cpu_us_per_item\": {", phase.label(),
                    phase.concurrency()));
            List<Map.Entry<String, Double>> entries = List.copyOf(micros.entrySet());
            for (int i = 0; i < entries.size(); i++) {
                json.append(String.format(Locale.ROOT, "%s\"%s\": %.1f", i == 0 ? "" : ", ", entries.get(i).getKey(),
                        entries.get(i).getValue()));
            }
            return json.append("}}").toString();
        }
    }

    /** Busy time of all cores from /proc/stat (user, nice, system, irq, softirq, steal), 0 where absent. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
