package io.crowsnest.alertnotification.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The alert feed in Redis Streams. An append runs one script that takes the next offset (a
 * counter), adds the entry with stream id {@code <offset>-0} to the global stream (bounded, read
 * by every instance's dispatcher) and to the inbox's own stream (kept for the retention, read for
 * replays), so offsets increase strictly in commit order in every stream. Keys share the hash tag
 * {@code {alerts}}, so the script runs on a Redis Cluster too. Retention: the first offset of each
 * hour is marked; once an hour is older than the retention, the floor (first offset kept) moves to
 * the first offset of the next marked hour and inbox streams are trimmed below it when next appended
 * (an idle inbox's stream expires as a whole after the retention). Payloads are the serialised
 * SubscribeAlertsResponse without its offset, which readers set from the entry id.
 */
public final class AlertFeed {

    static final String COUNTER = "{alerts}:offset";
    static final String GLOBAL = "{alerts}:feed";
    static final String MARKS = "{alerts}:hour-marks";
    static final String FLOOR = "{alerts}:floor";
    private static final String INBOX = "{alerts}:inbox:";

    private static final String APPEND = """
            local offset = redis.call('INCR', KEYS[1])
            local id = offset .. '-0'
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], id, 'i', ARGV[2], 'p', ARGV[1])
            redis.call('XADD', KEYS[3], id, 'p', ARGV[1])
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            local hour = math.floor(tonumber(ARGV[3]) / 3600000)
            if #redis.call('ZRANGEBYSCORE', KEYS[4], hour, hour, 'LIMIT', 0, 1) == 0 then
              redis.call('ZADD', KEYS[4], hour, offset)
            end
            local cutoff = math.floor((tonumber(ARGV[3]) - tonumber(ARGV[4])) / 3600000)
            if #redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', cutoff, 'LIMIT', 0, 1) > 0 then
              local first = redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. cutoff, '+inf', 'LIMIT', 0, 1)
              local floor = tonumber(first[1] or offset)
              if floor > tonumber(redis.call('GET', KEYS[5]) or '0') then
                redis.call('SET', KEYS[5], floor)
              end
              redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', cutoff)
            end
            local floor = redis.call('GET', KEYS[5])
            if floor then
              redis.call('XTRIM', KEYS[3], 'MINID', floor .. '-0')
            end
            return offset
            """;


    /** One feed entry: its offset, inbox key and payload. */
    public record Entry(long offset, String inboxKey, byte[] payload) {
    }

    private final UnifiedJedis redis;
    private final Duration retention;
    private final int globalLength;

    public AlertFeed(UnifiedJedis redis, Duration retention, int globalLength) {
        this.redis = redis;
        this.retention = retention;
        this.globalLength = globalLength;
    }

    /** Appends an entry for an inbox and returns its offset. */
    public long append(String inboxKey, byte[] payload, Instant now) {
        Object offset = redis.eval(APPEND, List.of(COUNTER, GLOBAL, INBOX + inboxKey, MARKS, FLOOR),
                List.of(Base64.getEncoder().encodeToString(payload), inboxKey, Long.toString(now.toEpochMilli()),
                        Long.toString(retention.toMillis()), Integer.toString(globalLength)));
        return ((Number) offset).longValue();
    }

    /**
     * Deletes the entry at an offset from the global stream and the inbox's stream (an erasure: the
     * offsets of the other entries stay as they are, and a reader passes over the gap).
     */
    public void delete(String inboxKey, long offset) {
        StreamEntryID id = new StreamEntryID(offset, 0);
        redis.xdel(GLOBAL, id);
        redis.xdel(INBOX + inboxKey, id);
    }

    /** The latest offset appended (0 when none). */
    public long latest() {
        String value = redis.get(COUNTER);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The first offset still retained for replays: entries before it may be gone (0 = all kept). */
    public long floor() {
        String value = redis.get(FLOOR);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The retained entries of some inboxes after an offset, in offset order. */
    public List<Entry> replay(List<String> inboxKeys, long after) {
        List<Entry> all = new ArrayList<>();
        for (String inbox : inboxKeys) {
            long from = after + 1;
            while (true) {
                List<StreamEntry> page = redis.xrange(INBOX + inbox, from + "-0", "+", 1000);
                page.forEach(e -> all.add(new Entry(e.getID().getTime(), inbox, decode(e.getFields().get("p")))));
                if (page.size() < 1000) {
                    break;
                }
                from = page.get(page.size() - 1).getID().getTime() + 1;
            }
        }
        all.sort(Comparator.comparingLong(Entry::offset));
        return all;
    }

    /** Global entries after an offset, waiting up to {@code block} for the first one. */
    public List<Entry> read(long after, Duration block, int max) {
        var read = redis.xread(XReadParams.xReadParams().block((int) block.toMillis()).count(max),
                Map.of(GLOBAL, new StreamEntryID(after, 0)));
        List<Entry> entries = new ArrayList<>();
        if (read != null) {
            for (var stream : read) {
                for (StreamEntry e : stream.getValue()) {
                    entries.add(new Entry(e.getID().getTime(), e.getFields().get("i"), decode(e.getFields().get("p"))));
                }
            }
        }
        return entries;
    }

    private static byte[] decode(String payload) {
        return Base64.getDecoder().decode(payload);
    }
}
