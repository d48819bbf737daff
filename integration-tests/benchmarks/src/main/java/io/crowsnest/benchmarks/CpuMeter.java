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

    /**
     * CPU nanoseconds used so far by process ({@link #MACHINE}: every core's busy time), read at
     * {@code at}, and of that by each JVM's JIT compiler threads and garbage-collector threads (the
     * harness JVM's under {@link #HARNESS}, which hosts the MongoDB stand-in as well).
     */
    record Reading(long at, Map<String, Long> used, Map<String, Long> jit, Map<String, Long> gc) {
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
        Map<String, Long> jit = new LinkedHashMap<>();
        Map<String, Long> gc = new LinkedHashMap<>();
        Map<String, Long> jvms = new LinkedHashMap<>(pids);
        jvms.put(HARNESS, ProcessHandle.current().pid());
        jvms.forEach((name, pid) -> {
            long[] split = jvmThreads(pid);
            if (split != null) {
                jit.put(name, split[0]);
                gc.put(name, split[1]);
            }
        });
        return new Reading(at, used, jit, gc);
    }

    /**
     * CPU nanoseconds of a JVM's JIT compiler threads and of its garbage-collector threads, from
     * /proc (utime + stime of each thread, by the names HotSpot gives them); null when the process
     * is not a JVM or /proc is not readable.
     */
    private static long[] jvmThreads(long pid) {
        long jit = 0;
        long gc = 0;
        boolean jvm = false;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    jit += ticks;
                    jvm = true;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    gc += ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return jvm ? new long[] {jit * 10_000_000L, gc * 10_000_000L} : null; // USER_HZ is 100 on Linux
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
        return new Use(phase, micros, cores(before, now), perItem(before.jit(), now.jit(), items),
                perItem(before.gc(), now.gc(), items));
    }

    private static Map<String, Double> perItem(Map<String, Long> before, Map<String, Long> now, long items) {
        Map<String, Double> micros = new LinkedHashMap<>();
        now.forEach((name, nanos) -> micros.put(name,
                items == 0 ? 0 : (nanos - before.getOrDefault(name, 0L)) / 1000.0 / items));
        return micros;
    }

    /**
     * The share of the processes' CPU from {@code before} until now that the JVMs' JIT compiler
     * threads spent: how far the stack still is from warm.
     */
    double jitShareSince(Reading before) {
        Reading now = read();
        double jit = now.jit().entrySet().stream()
                .mapToLong(e -> e.getValue() - before.jit().getOrDefault(e.getKey(), 0L)).sum();
        double all = now.used().entrySet().stream().filter(e -> !e.getKey().equals(MACHINE))
                .mapToLong(e -> e.getValue() - before.used().getOrDefault(e.getKey(), 0L)).sum();
        return all <= 0 ? 0 : jit / all;
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
     * @param jit    of the CPU µs per item, those of the JIT compiler threads, by JVM
     * @param gc     of the CPU µs per item, those of the garbage-collector threads (and the VM thread), by JVM
     */
    record Use(Figures phase, Map<String, Double> micros, Map<String, Double> cores, Map<String, Double> jit,
            Map<String, Double> gc) {

        /** CPU µs per item of every JVM's JIT compiler threads together. */
        double jitTotal() {
            return jit.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double processes() {
            return micros.entrySet().stream().filter(e -> !e.getKey().equals(MACHINE))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        /** Markdown: one row per process, then the sum and what the whole machine was busy with. */
        String markdown(String item) {
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                    "| process (%s, %d clients, %.0f %ss/s) | CPU µs per %s | of which JIT compiling | of which GC "
                            + "| cores busy |%n|---|---:|---:|---:|---:|%n",
                    phase.label(), phase.concurrency(), phase.throughput(), item, item));
            micros.forEach((name, us) -> {
                if (!name.equals(MACHINE)) {
                    md.append(row(name, us, jit.get(name), gc.get(name), cores.get(name)));
                }
            });
            md.append(row("**all of the above**", processes(), jitTotal(),
                    gc.values().stream().mapToDouble(Double::doubleValue).sum(), cores.entrySet().stream()
                            .filter(e -> !e.getKey().equals(MACHINE)).mapToDouble(Map.Entry::getValue).sum()));
            md.append(row("whole machine (every process on it)", micros.get(MACHINE), null, null, cores.get(MACHINE)));
            if (!jit.isEmpty()) {
                md.append(String.format(Locale.ROOT, "%nThe harness JVM's JIT and GC are under the load generator "
                        + "(it hosts the MongoDB stand-in too). JIT compiling is warm-up still under way: %.0f %% of "
                        + "this phase's CPU.%n", 100 * jitTotal() / processes()));
            }
            return md.toString();
        }

        private static String row(String name, double us, Double jit, Double gc, double busy) {
            return String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %.2f |%n", name, us,
                    jit == null ? "" : String.format(Locale.ROOT, "%.0f", jit),
                    gc == null ? "" : String.format(Locale.ROOT, "%.0f", gc), busy);
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
            return String.format(Locale.ROOT, "{\"label\": \"%s\", \"clients\": %d, \"cpu_us_per_item\": %s, "
                    + "\"jit_us_per_item\": %s, \"gc_us_per_item\": %s}", phase.label(), phase.concurrency(),
                    jsonMap(micros), jsonMap(jit), jsonMap(gc));
        }

        private static String jsonMap(Map<String, Double> values) {
            StringBuilder json = new StringBuilder("{");
            List<Map.Entry<String, Double>> entries = List.copyOf(values.entrySet());
            for (int i = 0; i < entries.size(); i++) {
                json.append(String.format(Locale.ROOT, "%s\"%s\": %.1f", i == 0 ? "" : ", ", entries.get(i).getKey(),
                        entries.get(i).getValue()));
            }
            return json.append("}").toString();
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
