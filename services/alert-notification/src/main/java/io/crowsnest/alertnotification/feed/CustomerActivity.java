package io.crowsnest.alertnotification.feed;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.client.ProfileClient;
import io.crowsnest.alertnotification.client.ScoringClient;
import io.crowsnest.alertnotification.config.ActivityConfig;
import io.crowsnest.alertnotification.domain.ActivityCursor;
import io.crowsnest.alertnotification.domain.ProfileEvent;
import io.crowsnest.alertnotification.domain.ScoreCrossing;

/**
 * The live activity of the customers agents have open: for each subscription, the person's events
 * from profile after its cursor and the crossings of its score thresholds from scoring, read every
 * {@code activity.poll} on a pool shared by the instance. Nothing is stored per subscriber, so any
 * instance serves any customer and a reconnecting screen resumes from its cursor.
 */
@ApplicationScoped
public class CustomerActivity {

    /** Events read per poll; more waiting are read on the next poll. */
    static final int PAGE = 200;

    /** Where a subscription's items go. */
    public interface Sink {
        void event(ActivityCursor cursor, ProfileEvent event);

        void crossing(ScoreCrossing crossing, Instant at);

        void heartbeat(Instant at);

        /** The feed stopped (the person is gone, profile unreachable beyond retries). */
        void failed(RuntimeException cause);
    }

    /** An open subscription; close it when the screen goes away. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Inject
    ProfileClient profile;
    @Inject
    ScoringClient scoring;
    @Inject
    ActivityConfig config;
    @Inject
    Clock clock;

    private ScheduledExecutorService pool;

    @PostConstruct
    void init() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newScheduledThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "customer-activity-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Sends the replay (the events after the cursor, or the latest {@code replay}), reads the
     * baseline scores, then follows the person. Errors of the first reads (unknown person, profile
     * unreachable) are thrown to the caller; later ones end the subscription through the sink.
     */
    public Subscription open(String personId, Optional<ActivityCursor> after, int replay,
            Map<String, Double> thresholds, Sink sink) {
        Follower follower = new Follower(personId, thresholds, sink);
        if (after.isPresent()) {
            follower.cursor = after.get();
            follower.readEvents();
        } else {
            List<ProfileEvent> latest = new ArrayList<>(profile.events(personId, Instant.EPOCH, Math.max(1, replay)));
            latest.sort(ORDER);
            List<ProfileEvent> shown = replay == 0 ? List.of() : latest.subList(Math.max(0, latest.size() - replay), latest.size());
            shown.forEach(follower::emit);
            if (shown.isEmpty() && !latest.isEmpty()) {
                follower.cursor = latest.get(latest.size() - 1).position();
            }
        }
        follower.scores = thresholds.isEmpty() ? Map.of() : scoring.scores(personId);
        if (!follower.sent) {
            follower.sink.heartbeat(clock.instant());
        }
        long every = config.poll().toMillis();
        follower.task = pool.scheduleWithFixedDelay(follower::poll, every, every, TimeUnit.MILLISECONDS);
        return follower::close;
    }

    private static final Comparator<ProfileEvent> ORDER = Comparator.comparing(ProfileEvent::position);

    /** One open customer: its cursor, last scores and when it last sent something. */
    private final class Follower {
        private final String personId;
        private final Map<String, Double> thresholds;
        private final Sink sink;
        private volatile ScheduledFuture<?> task;
        private volatile boolean closed;
        private ActivityCursor cursor = ActivityCursor.START;
        private Map<String, Double> scores = Map.of();
        private Instant lastSent;
        private boolean sent;

        Follower(String personId, Map<String, Double> thresholds, Sink sink) {
            this.personId = personId;
            this.thresholds = Map.copyOf(thresholds);
            this.sink = sink;
            this.lastSent = clock.instant();
        }

        void poll() {
            if (closed) {
                close();
                return;
            }
            try {
                readEvents();
                if (!thresholds.isEmpty()) {
                    Map<String, Double> now = scoring.scores(personId);
                    Instant at = clock.instant();
                    for (ScoreCrossing c : ScoreCrossing.between(scores, now, thresholds)) {
                        sink.crossing(c, at);
                        lastSent = at;
                    }
                    scores = now;
                }
                Instant at = clock.instant();
                if (!at.isBefore(lastSent.plus(config.heartbeat()))) {
                    sink.heartbeat(at);
                    lastSent = at;
                }
            } catch (RuntimeException e) {
                close();
                sink.failed(e);
            }
        }

        void readEvents() {
            List<ProfileEvent> read = new ArrayList<>(profile.events(personId, cursor.occurredAt(), PAGE));
            read.sort(ORDER);
            for (ProfileEvent e : read) {
                if (e.position().isAfter(cursor)) {
                    emit(e);
                }
            }
        }

        void emit(ProfileEvent e) {
            sent = true;
            cursor = e.position();
            sink.event(cursor, e);
            lastSent = clock.instant();
        }

        void close() {
            closed = true;
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
