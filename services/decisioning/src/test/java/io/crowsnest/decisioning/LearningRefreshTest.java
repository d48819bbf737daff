package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.time.MovableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The learned counts as production reads them (learning.refresh 5 s): reused between refreshes, and
 * counted again once when they come due however many decisions run at that moment.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
@TestProfile(LearningRefreshTest.FiveSecondRefresh.class)
class LearningRefreshTest extends ThroughGrpc {

    public static class FiveSecondRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.decisioning.learning.refresh", "5S");
        }
    }

    private static final int CONCURRENT = 32;
    private static final int OTHER_OUTCOMES = 30_000;

    @Inject
    MovableClock clock;
    @Inject
    MongoCommands mongo;
    @Inject
    MongoDatabase database;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void learnedCountsAreReusedUntilDueThenCountedOnceForAllConcurrentDecisions() throws Exception {
        String action = unique("refreshed-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Lounge pass")));
        List<String> people = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            people.add(Fixtures.customer(profile, unique("lr") + "@example.com", null, null));
        }
        monthsOfOutcomes(unique("other-action-"));
        DecideResponse first = decide(people.get(0), action);
        assertEquals(0.05, first.getActions(0).getPropensity(), 1e-9, "the prior, nothing learned yet");
        for (OutcomeType type : List.of(OutcomeType.OUTCOME_TYPE_PRESENTED, OutcomeType.OUTCOME_TYPE_ACCEPTED)) {
            decisioning.recordOutcome(RecordOutcomeRequest.newBuilder().setDecisionId(first.getDecisionId())
                    .setActionId(action).setType(type).setOccurredAt(Timestamps.of(Instant.now()))
                    .setIdempotencyKey(unique("o-")).build());
        }
        List<MongoCommands.Command> beforeDue = mongo.during(() -> assertEquals(0.05,
                decide(people.get(1), action).getActions(0).getPropensity(), 1e-9, "within the refresh period"));
        assertEquals(0, aggregations(beforeDue), beforeDue.toString());

        clock.advance(Duration.ofSeconds(6));
        CyclicBarrier start = new CyclicBarrier(CONCURRENT);
        ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT);
        List<MongoCommands.Command> due;
        try {
            due = mongo.during(() -> {
                List<Future<DecideResponse>> calls = new ArrayList<>();
                for (String person : people) {
                    calls.add(callers.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return decide(person, action);
                    }));
                }
                for (Future<DecideResponse> call : calls) {
                    try {
                        assertEquals(1, call.get(60, TimeUnit.SECONDS).getActionsCount());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1, aggregations(due), CONCURRENT + " decisions found the counts due; counted by: "
                + due.stream().filter(c -> c.name().equals("aggregate")).map(MongoCommands.Command::thread).toList());
        assertEquals((1 + 1) / (20.0 + 1), decide(people.get(0), action).getActions(0).getPropensity(), 1e-9,
                "the count made when due is what the next decisions use");
    }

    /**
     * Outcomes of another action, written straight into the service's own collection: a learning
     * window as months of production leave it, so that counting it takes long enough for the
     * concurrent decisions to find the counts due while it runs.
     */
    private void monthsOfOutcomes(String otherAction) {
        MongoCollection<Document> responses = database.getCollection("responses");
        Date at = Date.from(clock.instant());
        for (int batch = 0; batch < OTHER_OUTCOMES / 1_000; batch++) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                docs.add(new Document("_id", otherAction + "-" + batch + "-" + i + ":" + otherAction)
                        .append("action_id", otherAction).append("channel", "PHONE").append("at", at)
                        .append("person_id", "p-" + i).append("accepted", i % 10 == 0 ? 1 : 0));
            }
            responses.insertMany(docs);
        }
    }

    private static long aggregations(List<MongoCommands.Command> commands) {
        return commands.stream().filter(c -> c.name().equals("aggregate") && c.collection().equals("responses"))
                .count();
    }

    private DecideResponse decide(String person, String action) {
        return decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
    }
}
