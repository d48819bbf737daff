package io.crowsnest.alertnotification.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.platform.jobs.RestartingJob;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One instance's side of the live feed: a thread that reads the global stream (blocking reads,
 * starting at the latest offset when the instance starts) and hands each entry to the open
 * subscriptions of its inbox, and a timer that sends heartbeats to idle ones. Every instance reads
 * the whole stream, so a subscriber connected anywhere gets alerts published anywhere. When Redis
 * is lost every subscription ends with UNAVAILABLE (subscribers reconnect with their last offset and
 * get the replay); the reader, a platform {@link RestartingJob}, tries again after a back-off (0.1 s
 * doubling up to 5 s) and resumes where it stopped.
 */
public final class FeedDispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FeedDispatcher.class);
    private static final Backoff READ_AGAIN = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final AlertFeed feed;
    private final Duration block;
    private final Duration heartbeat;
    private final int maxBuffered;
    private final Clock clock;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService heartbeats;
    private RestartingJob reader;
    private volatile long last = -1;
    private volatile boolean closed;
    /** Set when a read failed: the next attempt first checks whether Redis came back empty. */
    private boolean recovering;

    public FeedDispatcher(AlertFeed feed, Duration block, Duration heartbeat, int maxBuffered, Clock clock) {
        this.feed = feed;
        this.block = block;
        this.heartbeat = heartbeat;
        this.maxBuffered = maxBuffered;
        this.clock = clock;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-feed-heartbeats");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts reading the feed from its latest offset, taken before this returns, so that an entry
     * appended once the dispatcher started reaches the subscriptions (when Redis cannot answer yet,
     * the reader takes it as soon as it can).
     */
    public FeedDispatcher start() {
        try {
            last = feed.latest();
        } catch (JedisException e) {
            LOG.debugf("the alert feed's latest offset is not readable yet (%s); the reader takes it later",
                    e.toString());
        }
        reader = RestartingJob.start("alert-feed-dispatcher", READ_AGAIN, this::readUntilFailure);
        long every = Math.max(50, heartbeat.toMillis() / 4);
        heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Opens a subscription: registers it for live entries first, then replays the retained entries
     * after the offset (none for 0), so nothing falls between the two; entries seen twice are sent once.
     */
    public void subscribe(Set<String> inboxKeys, long after, FeedSink sink) {
        Subscription subscription = new Subscription(inboxKeys, after, sink, maxBuffered);
        sink.onCancel(() -> {
            subscription.cancelled();
            subscriptions.remove(subscription);
        });
        sink.onReady(subscription::drain);
        subscriptions.add(subscription);
        try {
            subscription.start(after > 0 ? feed.replay(List.copyOf(inboxKeys), after) : List.of());
        } catch (RuntimeException e) {
            subscriptions.remove(subscription);
            throw e;
        }
    }

    /** Open subscriptions on this instance. */
    public int open() {
        return subscriptions.size();
    }

    /** One attempt of the reader: reads and dispatches until closed (went well) or a read fails. */
    private boolean readUntilFailure() {
        try {
            if (last < 0) {
                last = feed.latest();
            } else if (recovering && feed.latest() < last) {
                // Redis came back without its data: the counter starts again, read it from the start
                LOG.warnf("the alert feed restarted below offset %d; reading it from its start", last);
                last = 0;
            }
            recovering = false;
            while (!closed) {
                for (AlertFeed.Entry entry : feed.read(last, block, 500)) {
                    for (Subscription s : subscriptions) {
                        if (s.follows(entry.inboxKey()) && !s.offer(entry)) {
                            subscriptions.remove(s);
                        }
                    }
                    last = entry.offset();
                }
            }
            return true;
        } catch (JedisException e) {
            if (closed) {
                return true;
            }
            LOG.warnf("the alert feed cannot be read (%s); open subscriptions end, retrying", e.toString());
            endAll("REDIS_UNAVAILABLE", "the alert feed's Redis is unreachable");
            recovering = true;
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "alert feed dispatch failed after offset %d", last);
            return false;
        }
    }

    private void beat() {
        try {
            var now = clock.instant();
            long latest = Math.max(last, 0);
            for (Subscription s : subscriptions) {
                s.heartbeatIfIdle(heartbeat.toNanos(), latest, now);
                if (s.closed()) {
                    subscriptions.remove(s);
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat round failed: %s", e.toString());
        }
    }

    private void endAll(String reason, String why) {
        for (Subscription s : subscriptions) {
            s.fail(reason, why + "; reconnect after your last offset");
        }
        subscriptions.clear();
    }

    /** Ends every subscription with UNAVAILABLE (server shutting down) and stops. */
    @Override
    public void close() {
        closed = true;
        endAll("SHUTTING_DOWN", "the server is shutting down");
        heartbeats.shutdownNow();
        if (reader != null) {
            reader.close();
        }
    }
}
