package io.crowsnest.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.grpc.ManagedChannel;

/**
 * Identity, profile and scoring each killed with SIGKILL while events stream in, then started again
 * on the same ports and stores. Collectors keep sending, retrying every event under its own event id
 * until profile acknowledges it, as a real collector does. Afterwards every acknowledged event is in
 * profile, and scoring has counted each stored event exactly once (features.event_count equals the
 * events profile holds for the person): nothing acknowledged lost, nothing counted twice.
 */
class IngestionUnderKillTest {

    private static final int ACKS_BETWEEN_FAULTS = 120;

    private static LocalStack stack;
    private static ManagedChannel profileChannel;
    private static ManagedChannel scoringChannel;

    @BeforeAll
    static void start() throws IOException {
        stack = FaultStack.start("faults", false, Set.of("identity", "profile", "scoring"),
                EventCollectors.recoverSooner(), Map.of());
        profileChannel = FaultStack.channel(stack, "profile");
        scoringChannel = FaultStack.channel(stack, "scoring");
    }

    @AfterAll
    static void stopStack() {
        FaultStack.stop(stack, profileChannel, scoringChannel);
    }

    @Test
    void everyAcknowledgedEventSurvivesKillsOfIdentityProfileAndScoringAndIsCountedOnce() throws Exception {
        EventCollectors collectors = new EventCollectors(profileChannel, "fault");
        collectors.start();
        try {
            collectors.awaitAcks(ACKS_BETWEEN_FAULTS, "before the first fault");
            for (String victim : List.of("identity", "profile", "scoring")) {
                long refusedBefore = collectors.refusals();
                kill(victim);
                if (victim.equals("scoring")) {
                    // profile acknowledges without scoring (its outbox forwards later): events pile up for it
                    collectors.awaitAcks(ACKS_BETWEEN_FAULTS / 2, "while scoring is away");
                } else {
                    // let the collectors meet the dead service (refused calls) before it comes back
                    Await.until(Duration.ofSeconds(30), () -> collectors.refusals() > refusedBefore + 3,
                            "collectors to notice " + victim + " is gone");
                }
                restart(victim);
                collectors.awaitAcks(ACKS_BETWEEN_FAULTS, "after " + victim + " came back");
            }
        } finally {
            collectors.stop();
        }
        System.out.printf("faults: %d events acknowledged for %d persons, %d refused calls retried%n",
                collectors.acks(), collectors.persons(), collectors.refusals());

        Map<String, Integer> stored = collectors.assertNothingLost(stack.mongoUri());
        EventCollectors.assertCountedOnce(scoringChannel, stored);
    }

    private void kill(String service) throws Exception {
        Map<String, Long> pids = stack.processIds();
        String key = pids.keySet().stream().filter(k -> k.equals(service) || k.startsWith(service + "#"))
                .reduce((a, b) -> b).orElseThrow();
        ProcessHandle process = ProcessHandle.of(pids.get(key)).orElseThrow();
        System.out.printf("faults: kill -9 %s (pid %d)%n", service, process.pid());
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private void restart(String service) throws IOException {
        System.out.printf("faults: starting %s again on its ports%n", service);
        stack.startReplica(service, stack.httpPort(service), stack.grpcPort(service));
        System.out.printf("faults: %s is ready again%n", service);
    }
}
