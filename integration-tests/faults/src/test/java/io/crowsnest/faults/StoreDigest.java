package io.crowsnest.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What every store of a running stack holds, as one digest per MongoDB collection and per Redis
 * keyspace, so that a fuzz run can tell whether a refused request changed anything. Collections that
 * change with no request at all (leases renewed, expiry) are found by {@link #calibrate} and left out
 * of every comparison, as are those named {@linkplain #StoreDigest(MongoClient, Map, Set) excluded}.
 */
final class StoreDigest {

    private final MongoClient mongo;
    private final Map<String, Jedis> redis;
    private final Set<String> ignored = new TreeSet<>();

    /**
     * @param redis    each Redis by its owner's name
     * @param excluded keys ("mongo db.collection", "redis owner") that change on purpose and are not compared
     */
    StoreDigest(MongoClient mongo, Map<String, Jedis> redis, Set<String> excluded) {
        this.mongo = mongo;
        this.redis = redis;
        this.ignored.addAll(excluded);
    }

    /** A digest per MongoDB collection and per Redis keyspace. */
    Map<String, Long> snapshot() {
        Map<String, Long> digest = new TreeMap<>();
        for (String database : mongo.listDatabaseNames()) {
            if (Set.of("admin", "local", "config").contains(database)) {
                continue;
            }
            MongoDatabase db = mongo.getDatabase(database);
            for (String collection : db.listCollectionNames()) {
                if (ignored.contains("mongo " + database + "." + collection)) {
                    continue;
                }
                long sum = 0;
                long count = 0;
                for (Document d : db.getCollection(collection).find()) {
                    sum += d.toJson().hashCode() * 0x9E3779B97F4A7C15L;
                    count++;
                }
                digest.put("mongo " + database + "." + collection, sum ^ (count << 40));
            }
        }
        redis.forEach((owner, jedis) -> {
            long sum = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<byte[]> page = jedis.scan(cursor.getBytes(), new ScanParams().count(500));
                for (byte[] key : page.getResult()) {
                    byte[] value = jedis.dump(key);
                    sum += (java.util.Arrays.hashCode(key) * 31L + java.util.Arrays.hashCode(value)) * 0x9E3779B97F4A7C15L;
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            digest.put("redis " + owner, sum);
        });
        return digest;
    }

    /**
     * What background jobs change on their own with no request at all (leases renewed, heartbeats):
     * watched for 3 s, then left out of every comparison (printed).
     */
    void calibrate() {
        Map<String, Long> first = snapshot();
        for (int i = 0; i < 12; i++) {
            pause(250);
            ignored.addAll(differences(first, snapshot()));
        }
        System.out.println("changed by background jobs or on purpose, not compared: " + ignored);
    }

    /** The stores once the work an accepted request set off has finished: 1 s without a change (at most 15 s). */
    Map<String, Long> settled() {
        Map<String, Long> previous = snapshot();
        int quiet = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (quiet < 5 && System.nanoTime() < until) {
            pause(200);
            Map<String, Long> now = snapshot();
            quiet = differences(previous, now).isEmpty() ? quiet + 1 : 0;
            previous = now;
        }
        return previous;
    }

    /** The compared keys whose digest differs. */
    List<String> differences(Map<String, Long> before, Map<String, Long> after) {
        List<String> changed = new ArrayList<>();
        for (String key : new TreeSet<>(Stream.concat(before.keySet().stream(), after.keySet().stream()).toList())) {
            if (!ignored.contains(key) && !Objects.equals(before.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        return changed;
    }

    /**
     * Checks one request just answered against the stores as they were before it. A refusal that
     * coincides with a change (work set off earlier may land now) is sent again on quiet stores
     * ({@code replay}, true when refused again); it counts as a change only if it changes them
     * again on each of two replays. Returns the stores as they are after the request (settled when it was accepted, since
     * an accepted write may set off more).
     */
    Map<String, Long> check(Map<String, Long> before, boolean refused, String what,
            java.util.function.BooleanSupplier replay, List<String> changedByRefusal, List<String> notReproduced) {
        Map<String, Long> now = snapshot();
        List<String> changed = differences(before, now);
        if (refused && !changed.isEmpty()) {
            Map<String, Long> quiet = settled();
            boolean again = replay.getAsBoolean();
            List<String> changedAgain = differences(quiet, snapshot());
            if (again && !changedAgain.isEmpty()) {
                // background work (a lead digest, a follower) may land during the replay too: once more
                quiet = settled();
                again = replay.getAsBoolean();
                changedAgain = differences(quiet, snapshot());
            }
            if (again && !changedAgain.isEmpty()) {
                changedByRefusal.add(what + " changed " + changedAgain + " again when replayed");
            } else {
                notReproduced.add(what + " coincided with a change of " + changed + ", not repeated when replayed");
            }
            return quiet;
        }
        return changed.isEmpty() ? now : settled();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
