package io.crowsnest.scoring.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The event id claims of a batch, taken ahead in one pipelined round (and a second one reading
 * the hashes of the ids claimed before), then handed out in the batch's order as if each event
 * claimed its id when its turn came. What makes it the same: an answer is only used for the
 * first event carrying the id with that content; claims this batch created for events that never
 * used them (refused, held back) are given back at the end, and given back before another event of
 * the batch claims the same id with other content. When Redis fails the batch's round, the first
 * event to claim gets that failure, as it would have got its own, and the others claim on their
 * own turn.
 */
public final class ClaimsAhead implements EventIdClaimer {

    /** An id to claim, with the hash of the content it comes with. */
    public record Wanted(String eventId, String contentHash) {
    }

    private static final class Answer {
        final String contentHash;
        final boolean created;
        final boolean claimed;
        boolean used;

        Answer(String contentHash, boolean created, boolean claimed) {
            this.contentHash = contentHash;
            this.created = created;
            this.claimed = claimed;
        }
    }

    private final UnifiedJedis jedis;
    private final EventIdClaimer single;
    private final Map<String, Answer> answers;
    private RuntimeException failure;

    private ClaimsAhead(UnifiedJedis jedis, EventIdClaimer single, Map<String, Answer> answers,
            RuntimeException failure) {
        this.jedis = jedis;
        this.single = single;
        this.answers = answers;
        this.failure = failure;
    }

    static ClaimsAhead take(UnifiedJedis jedis, EventIdClaimer single, Iterable<Wanted> wanted,
            Duration retention) {
        Map<String, String> first = new HashMap<>();
        wanted.forEach(w -> first.putIfAbsent(w.eventId(), w.contentHash()));
        Map<String, Answer> answers = new HashMap<>();
        if (first.isEmpty()) {
            return new ClaimsAhead(jedis, single, answers, null);
        }
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            Map<String, Response<String>> sets = new HashMap<>();
            first.forEach((id, hash) -> sets.put(id, pipeline.set(EventIds.key(id), hash, EventIds.params(retention))));
            pipeline.sync();
            Map<String, Response<String>> gets = new HashMap<>();
            sets.forEach((id, set) -> {
                if ("OK".equals(set.get())) {
                    answers.put(id, new Answer(first.get(id), true, true));
                } else {
                    gets.put(id, pipeline.get(EventIds.key(id)));
                }
            });
            if (!gets.isEmpty()) {
                pipeline.sync();
                gets.forEach((id, get) -> answers.put(id, new Answer(first.get(id), false,
                        first.get(id).equals(get.get()))));
            }
        } catch (RuntimeException e) {
            // the claims it took stay, as those of events that claimed and then failed would
            return new ClaimsAhead(jedis, single, Map.of(), e);
        }
        return new ClaimsAhead(jedis, single, answers, null);
    }

    @Override
    public boolean claim(String eventId, String contentHash, Duration retention) {
        if (failure != null) {
            RuntimeException failed = failure;
            failure = null;
            throw failed;
        }
        Answer answer = answers.get(eventId);
        if (answer != null && !answer.used) {
            answer.used = true;
            if (answer.contentHash.equals(contentHash)) {
                return answer.claimed;
            }
            if (answer.created) {
                jedis.del(EventIds.key(eventId));
            }
        }
        return single.claim(eventId, contentHash, retention);
    }

    /** Gives back the claims this batch created for events that did not use them. */
    public void releaseUnused() {
        List<String> keys = new ArrayList<>();
        answers.forEach((id, answer) -> {
            if (answer.created && !answer.used) {
                keys.add(EventIds.key(id));
            }
        });
        if (keys.isEmpty()) {
            return;
        }
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            keys.forEach(pipeline::del);
            pipeline.sync();
        } catch (RuntimeException e) {
            // best effort: a claim left behind only refuses the id with other content, as it would
            // had its event claimed it and then failed
        }
    }
}
