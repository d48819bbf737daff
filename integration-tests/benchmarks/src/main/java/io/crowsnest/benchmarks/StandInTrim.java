package io.crowsnest.benchmarks;

import java.io.PrintStream;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.localstack.LocalStack;

/**
 * Between two phases (and before each warm-up round), empties decisioning's decision log in the
 * in-memory MongoDB stand-in and collects the harness JVM's heap, outside any measurement. The
 * stand-in lives in the harness JVM: every decision logged (with its judged actions and their
 * reasons, tens of kilobytes as Java objects) stays in that heap, and with gigabytes of them its
 * young and mixed collections paused 100–970 ms (a GC-logged decisioning run, 2026-12-07),
 * stalling every service's MongoDB commands and the load generator's own clock: a phase measured
 * the collector of the phases before it. A real MongoDB keeps its data outside any JVM. Nothing a
 * decision reads is in the log: a phase decides exactly as it would with the log kept, and logs
 * its own decisions as usual.
 */
final class StandInTrim {

    private StandInTrim() {
    }

    static void decisionLog(LocalStack stack, PrintStream out) {
        long deleted;
        try (MongoClient client = MongoClients.create(stack.mongoUri())) {
            deleted = client.getDatabase("decisioning").getCollection("decisions").deleteMany(new Document())
                    .getDeletedCount();
        }
        long start = System.nanoTime();
        System.gc();
        out.printf("between phases: %d logged decisions taken out of the MongoDB stand-in, the harness's heap "
                + "collected in %d ms (%d MiB in use)%n", deleted, (System.nanoTime() - start) / 1_000_000,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
