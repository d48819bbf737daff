package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Warms a stack up in rounds until its JVMs' JIT compilers spend less than {@link #JIT_SHARE} of a
 * round's CPU, at most {@link #MAX_ROUNDS} rounds, printing each round's share. Six JVMs on two
 * shared cores keep compiling for minutes; a phase measured meanwhile would count their compilation
 * as the operations' cost, which a long-running service does not pay.
 */
final class WarmUp {

    /** The stack counts as warm when the JIT compilers spend less than this share of a round's CPU. */
    static final double JIT_SHARE = 0.10;
    /** Rounds at most. */
    static final int MAX_ROUNDS = 10;

    private WarmUp() {
    }

    /** One warm-up round: the load it puts on the stack. */
    interface Round {
        void run() throws Exception;
    }

    /** How a warm-up ended: rounds made, and the JIT compilers' share of the last round's CPU. */
    record Result(int rounds, double jitShare) {

        String sentence(String round) {
            return String.format(Locale.ROOT, "The warm-up made %d round%s (%s); in the last one the JVMs' JIT "
                    + "compilers spent %.0f %% of the processes' CPU (warming stops below %.0f %%, or after %d rounds).",
                    rounds, rounds == 1 ? "" : "s", round, 100 * jitShare, 100 * JIT_SHARE, MAX_ROUNDS);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"rounds\": %d, \"jit_share_of_last_round\": %.3f}", rounds, jitShare);
        }
    }

    static Result untilWarm(CpuMeter meter, String round, Round load, PrintStream out) throws Exception {
        return untilWarm(meter, round, () -> {
        }, load, out);
    }

    /**
     * As {@link #untilWarm(CpuMeter, String, Round, PrintStream)}, running {@code between} before each
     * round, outside its CPU reading (e.g. emptying what the rounds pile up in the MongoDB stand-in).
     */
    static Result untilWarm(CpuMeter meter, String round, Round between, Round load, PrintStream out)
            throws Exception {
        out.printf("warming up in rounds (%s) until the JIT compilers spend less than %.0f %% of a round's CPU, at "
                + "most %d rounds...%n", round, 100 * JIT_SHARE, MAX_ROUNDS);
        double share = 1;
        int rounds = 0;
        while (rounds < MAX_ROUNDS && share >= JIT_SHARE) {
            rounds++;
            between.run();
            CpuMeter.Reading before = meter.read();
            load.run();
            share = meter.jitShareSince(before);
            out.printf("warm-up round %d: the JIT compilers spent %.0f %% of the processes' CPU%n", rounds, 100 * share);
        }
        return new Result(rounds, share);
    }
}
