package io.crowsnest.contactgovernance.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.CounterRule;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GapRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The live counters of each person in Redis: contacts made and reservations held, under keys that
 * share the person's hash tag ({@code cg:{personId}:...}) so that every script touches one slot.
 * Derived from the ledger in MongoDB, which stays the truth: a person whose counters are missing
 * (flushed, expired, new Redis) or hold too short a history is rebuilt before being granted anything.
 */
@ApplicationScoped
public class CounterStore {

    /** Outcome of the atomic step. */
    public enum Status {
        OK, REBUILD, CONSENT_STALE
    }

    /** One contact to reserve, with the rules that apply to it. */
    public record Item(CountedContact contact, Instant expiresAt, boolean mayGrant, List<CounterRule> counters,
            List<GapRule> gaps) {
    }

    /**
     * @param grants   per item, whether capacity was taken
     * @param snapshot the person's counted contacts before this call's grants (own ids excluded)
     */
    public record ReserveResult(Status status, boolean[] grants, List<CountedContact> snapshot) {
    }

    @Inject
    UnifiedJedis jedis;
    @Inject
    MeterRegistry registry;

    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private final Map<String, Counter> calls = new ConcurrentHashMap<>();

    /**
     * Checks and takes capacity for the items of one person in one atomic step; with no items,
     * returns the snapshot only and writes nothing.
     *
     * @param requiredFrom the counters must cover contacts back to this instant
     * @param consentRev   the consent revision the decision was based on
     */
    public ReserveResult reserve(String personId, Instant now, Instant requiredFrom, long consentRev,
            Duration keyTtl, List<Item> items) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(requiredFrom.toEpochMilli()));
        args.add(Long.toString(consentRev));
        args.add(Long.toString(keyTtl.toMillis()));
        // Keep a day more than the rules need, so that small clock differences never trim too much.
        args.add(Long.toString(requiredFrom.minus(Duration.ofDays(1)).toEpochMilli()));
        args.add(Integer.toString(items.size()));
        for (Item item : items) {
            args.add(member(item.contact()));
            args.add(Long.toString(item.expiresAt().toEpochMilli()));
            args.add(item.mayGrant() ? "1" : "0");
            args.add(Integer.toString(item.counters().size()));
            for (CounterRule rule : item.counters()) {
                args.add(rule.channel() == null ? "" : rule.channel().name());
                args.add(rule.division() == null ? "" : rule.division());
                args.add(rule.campaignId() == null ? "" : rule.campaignId());
                args.add(rule.categories().stream().map(CounterStore::letter).collect(Collectors.joining()));
                args.add(Long.toString(rule.window().toMillis()));
                args.add(Integer.toString(rule.limit()));
            }
            args.add(Integer.toString(item.gaps().size()));
            for (GapRule gap : item.gaps()) {
                args.add(gap.channel() == null ? "" : gap.channel().name());
                args.add(Long.toString(gap.minGap().toMillis()));
            }
        }
        List<?> reply = (List<?>) run("reserve", keys(personId), args);
        String status = (String) reply.get(0);
        if (!status.equals("OK")) {
            return new ReserveResult(Status.valueOf(status), new boolean[items.size()], List.of());
        }
        String grantFlags = (String) reply.get(1);
        boolean[] grants = new boolean[items.size()];
        for (int i = 0; i < grants.length; i++) {
            grants[i] = grantFlags.charAt(i) == '1';
        }
        int madeCount = Integer.parseInt((String) reply.get(2));
        List<CountedContact> snapshot = new ArrayList<>();
        for (int i = 3; i < reply.size(); i++) {
            snapshot.add(parse((String) reply.get(i), i - 3 >= madeCount));
        }
        return new ReserveResult(Status.OK, grants, snapshot);
    }

    /** Counts a contact as made, freeing the held reservation it came from (null when none). */
    public void commit(String personId, CountedContact held, CountedContact made, Duration keyTtl) {
        run("commit", keys(personId), List.of(held == null ? "" : member(held), member(made),
                Long.toString(made.at().toEpochMilli()), Long.toString(keyTtl.toMillis())));
    }

    /** Frees held reservations. */
    public void release(String personId, List<CountedContact> held) {
        if (held.isEmpty()) {
            return;
        }
        run("release", keys(personId), held.stream().map(CounterStore::member).toList());
    }

    /**
     * Raises the person's consent fence to the revision and frees held reservations on the channel
     * (null = every channel) in the categories given; returns the reservation ids freed.
     */
    @SuppressWarnings("unchecked")
    public List<String> consentFence(String personId, long revision, Channel channel, List<Category> blocked) {
        return (List<String>) run("consent", keys(personId), List.of(Long.toString(revision),
                channel == null ? "" : channel.name(),
                blocked.stream().map(CounterStore::letter).collect(Collectors.joining())));
    }

    /** Asks Redis about the person without changing anything: throws when Redis cannot answer. */
    public void probe(String personId) {
        count("hget");
        jedis.hget(keys(personId).get(2), "epoch");
    }

    /**
     * The person's change mark (generation and epoch), read before a rebuild reads the ledger; a
     * load with it is refused if anything touched the person since, or Redis lost its keys since.
     */
    public String epoch(String personId) {
        return (String) run("epoch", keys(personId),
                List.of(Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))));
    }

    /** Loads the counters; false when the person changed since the epoch was read. */
    public boolean load(String personId, String expectedEpoch, Instant loadedFrom, long consentRev, Duration keyTtl,
            List<CountedContact> made, List<HeldReservation> held) {
        List<String> args = new ArrayList<>();
        args.add(expectedEpoch);
        args.add(Long.toString(loadedFrom.toEpochMilli()));
        args.add(Long.toString(consentRev));
        args.add(Long.toString(keyTtl.toMillis()));
        args.add(Integer.toString(made.size()));
        for (CountedContact c : made) {
            args.add(Long.toString(c.at().toEpochMilli()));
            args.add(member(c));
        }
        for (HeldReservation h : held) {
            args.add(Long.toString(h.expiresAt().toEpochMilli()));
            args.add(member(h.contact()));
        }
        return "OK".equals(run("rebuild", keys(personId), args));
    }

    /** A held reservation as the counters keep it: the planned contact and when it expires. */
    public record HeldReservation(CountedContact contact, Instant expiresAt) {
    }

    /** Removes every key of the person (forget). */
    public void delete(String personId) {
        List<String> keys = keys(personId);
        count("del");
        jedis.del(keys.toArray(String[]::new));
    }

    static List<String> keys(String personId) {
        String tag = "cg:{" + personId + "}:";
        return List.of(tag + "c", tag + "h", tag + "m");
    }

    static String member(CountedContact c) {
        return c.id() + "|" + c.at().toEpochMilli() + "|" + c.channel().name() + "|" + c.division() + "|"
                + letter(c.category()) + "|" + c.campaignId();
    }

    static CountedContact parse(String member, boolean held) {
        String[] f = member.split("\\|", 6);
        return new CountedContact(f[0], Instant.ofEpochMilli(Long.parseLong(f[1])), Channel.valueOf(f[2]), f[3],
                category(f[4]), f[5], held);
    }

    static String letter(Category category) {
        return switch (category) {
            case MARKETING -> "M";
            case SERVICE -> "S";
            case TRANSACTIONAL -> "T";
            case MANDATORY -> "D";
        };
    }

    private static Category category(String letter) {
        return switch (letter) {
            case "M" -> Category.MARKETING;
            case "S" -> Category.SERVICE;
            case "T" -> Category.TRANSACTIONAL;
            default -> Category.MANDATORY;
        };
    }

    /**
     * EVALSHA, loading the script on first use. A node that lacks it (restarted, flushed, or another
     * node of a cluster) gets it through EVAL, which also caches it there.
     */
    private Object run(String script, List<String> keys, List<String> args) {
        String sha = shas.computeIfAbsent(script, s -> jedis.scriptLoad(source(s), keys.get(0)));
        count(script);
        try {
            return jedis.evalsha(sha, keys, args);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            count(script);
            return jedis.eval(source(script), keys, args);
        }
    }

    /**
     * Counts a call to Redis (one round trip): {@code crowsnest.redis.calls} by script or command
     * on {@code /q/metrics}, which the benchmark reads per reserve and commit.
     */
    private void count(String call) {
        calls.computeIfAbsent(call, c -> Counter.builder("crowsnest.redis.calls")
                .description("Redis calls (round trips) of the live counters, by script or command")
                .baseUnit("calls").tag("call", c).register(registry)).increment();
    }

    private static String source(String script) {
        try (InputStream in = CounterStore.class.getResourceAsStream("/redis/" + script + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script redis/" + script + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
