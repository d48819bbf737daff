package io.crowsnest.alertnotification.leads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;
import io.crowsnest.alertnotification.domain.Severity;
import io.crowsnest.alertnotification.domain.Transition;
import io.crowsnest.alertnotification.store.LeadPool;
import io.crowsnest.alertnotification.store.LeadStore;
import io.crowsnest.localstack.LocalMongo;
import io.crowsnest.localstack.LocalRedis;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.platform.time.MovableClock;
import redis.clients.jedis.JedisPooled;

/**
 * Two instances of the lead engine (each its own MongoDB and Redis clients, as two replicas run) over
 * one real MongoDB wire-protocol server and one real redis-server, both fed every transition of a
 * burst (the stream is at least once and each replica follows it), digesting at the same time.
 */
class TwoInstancesLeadTest {

    static final int RATE = 20;

    LocalMongo mongo;
    LocalRedis redis;
    List<AutoCloseable> clients = new ArrayList<>();
    MovableClock clock = new MovableClock();
    Map<String, Double> scores = new ConcurrentHashMap<>();
    List<String> offered = new CopyOnWriteArrayList<>();
    LeadEngine a;
    LeadEngine b;
    LeadStore store;

    @BeforeEach
    void twoInstances() throws Exception {
        mongo = LocalMongo.inMemory(FreePort.pick());
        redis = LocalRedis.start(FreePort.pick(), null, null);
        a = engine();
        b = engine();
        store.saveRule(new LeadRule("hot", "Hot leads", "hot-lead", "sales", "intent", 50, RATE,
                Duration.ofHours(24), Severity.WARNING, true, 1, Instant.now()));
    }

    private LeadEngine engine() {
        MongoClient client = MongoClients.create(mongo.connectionString());
        JedisPooled jedis = new JedisPooled(URI.create(redis.uri()), 2000);
        clients.add(client);
        clients.add(jedis);
        store = new LeadStore(client.getDatabase("alerts"));
        return new LeadEngine(store, new LeadPool(jedis), (person, score) -> scores.getOrDefault(person, 0.0),
                (lead, rule) -> {
                    offered.add(lead.id());
                    return "alert-" + lead.id();
                }, clock);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        redis.close();
        mongo.close();
    }

    private List<Transition> burst(int from, int count) {
        List<Transition> burst = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String person = "person-" + i;
            scores.put(person, (double) ((i * 37) % 100));
            burst.add(new Transition(i, person, "hot-lead", Instant.now(), "purchase intent crossed 50"));
        }
        return burst;
    }

    private void concurrently(List<Callable<Object>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            for (Future<Object> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aBurstOf100BecomesOneLeadPerTransitionAndAtMostTheRateBestFirst() throws Exception {
        List<Transition> burst = burst(1, 100);
        List<Transition> reversed = new ArrayList<>(burst);
        Collections.reverse(reversed);
        concurrently(List.of(() -> {
            burst.forEach(a::consider);
            return null;
        }, () -> {
            reversed.forEach(b::consider);
            return null;
        }));
        List<Lead> leads = store.list("sales", List.of(), "", "", 500);
        assertEquals(100, leads.size(), "one lead per transition, however often it came");
        long qualified = burst.stream().filter(t -> scores.get(t.personId()) >= 50).count();
        assertEquals(100 - qualified, leads.stream().filter(l -> l.status() == Lead.Status.SUPPRESSED
                && l.statusReason().code().equals("SCORE_BELOW_MINIMUM")).count());

        concurrently(List.of(() -> a.digest(), () -> b.digest(), () -> a.digest(), () -> b.digest()));
        assertEquals(RATE, offered.size(), "at most the team's rate");
        assertEquals(RATE, offered.stream().distinct().count(), "nothing offered twice");
        List<Double> best = burst.stream().map(t -> scores.get(t.personId())).filter(s -> s >= 50)
                .sorted(Collections.reverseOrder()).limit(RATE).toList();
        List<Double> offeredScores = offered.stream().map(id -> store.find(id).orElseThrow().score())
                .sorted(Collections.reverseOrder()).toList();
        assertEquals(best, offeredScores, "the best first");

        concurrently(List.of(() -> {
            burst(101, 30).forEach(a::consider);
            return null;
        }, () -> a.digest(), () -> b.digest()));
        assertEquals(RATE, offered.size(), "the hour's budget is spent");

        clock.advance(Duration.ofMinutes(61));
        concurrently(List.of(() -> a.digest(), () -> b.digest()));
        assertTrue(offered.size() <= 2 * RATE);
        assertEquals(0, store.list("sales", List.of(Lead.Status.CANDIDATE), "", "", 500).size(),
                "candidates that waited out their hour are suppressed");
        assertTrue(store.list("sales", List.of(Lead.Status.SUPPRESSED), "", "", 500).stream()
                .anyMatch(l -> l.statusReason().code().equals("NOT_AMONG_THE_BEST")));
    }

    @Test
    void aPersonInCooldownIsNotConsideredAgainUntilItEnds() {
        scores.put("ann", 90.0);
        a.consider(new Transition(1, "ann", "hot-lead", Instant.now(), "entered"));
        b.consider(new Transition(2, "ann", "hot-lead", Instant.now(), "entered again"));
        assertEquals("PERSON_COOLDOWN", store.find("hot-2").orElseThrow().statusReason().code());
        clock.advance(Duration.ofHours(25));
        a.consider(new Transition(3, "ann", "hot-lead", Instant.now(), "entered once more"));
        assertEquals(Lead.Status.CANDIDATE, store.find("hot-3").orElseThrow().status());
    }
}
