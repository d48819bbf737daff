package io.crowsnest.decisioning.campaigns;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.ProfileClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.decisioning.domain.DecisionContext;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.decisioning.service.DecideCommand;
import io.crowsnest.decisioning.service.DecideService;

/**
 * What the run needs to know about audience members before contacting them, read for a page of
 * persons at once (in parallel, {@value #AT_ONCE} persons at a time): the time zone of each target
 * person's send window (the profile's {@code time_zone} when it is a valid IANA zone, else the
 * campaign's default), and, for a campaign with a max_size, each person's expected value: the
 * expected value (propensity × value) of the best campaign action eligible for the person on the
 * first campaign channel that has one, as Decide ranks it (estimated, nothing logged); -1 when no
 * campaign action is eligible, 0 when the best one has no value. A neighbour that is unreachable
 * stops the page ({@link PeerDown}).
 */
@ApplicationScoped
public class AudienceFacts {

    /** No campaign action is eligible for the person: ranked after everyone with one. */
    public static final double NOTHING_ELIGIBLE = -1;
    /** Persons whose neighbours' calls are in flight at once. */
    static final int AT_ONCE = 64;

    @Inject
    ProfileClient profile;
    @Inject
    DecideService decide;
    @Inject
    DecisioningConfig config;

    private ExecutorService pool;

    @PostConstruct
    void init() {
        pool = Executors.newFixedThreadPool(Math.max(1, config.campaigns().parallelism()), r -> {
            Thread t = new Thread(r, "campaign-audience-facts");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Each person's time zone for the send window. */
    public Map<String, String> zones(Campaign c, List<String> personIds) {
        Map<String, String> out = new HashMap<>();
        for (int from = 0; from < personIds.size(); from += AT_ONCE) {
            out.putAll(zoneChunk(c, personIds.subList(from, Math.min(personIds.size(), from + AT_ONCE))));
        }
        return out;
    }

    private Map<String, String> zoneChunk(Campaign c, List<String> personIds) {
        Map<String, CompletableFuture<String>> pending = new HashMap<>();
        for (String personId : personIds) {
            pending.put(personId, profile.profile(PersonRef.id(personId), false)
                    .thenApply(p -> c.definition().window().zoneFor(p.attributes().get("time_zone")))
                    .exceptionallyCompose(e -> {
                        PeerFailure failure = PeerFailure.of(e);
                        return failure.transientFailure() ? CompletableFuture.failedFuture(failure)
                                : CompletableFuture.completedFuture(c.definition().window().timeZone());
                    }));
        }
        Map<String, String> out = new HashMap<>();
        pending.forEach((personId, zone) -> out.put(personId, join("profile", zone)));
        return out;
    }

    /** Each person's expected value to the campaign, in major units of the reporting currency. */
    public Map<String, Double> values(Campaign c, List<String> personIds) {
        Map<String, CompletableFuture<Double>> pending = new HashMap<>();
        for (String personId : personIds) {
            pending.put(personId, CompletableFuture.supplyAsync(() -> value(c, personId), pool));
        }
        Map<String, Double> out = new HashMap<>();
        pending.forEach((personId, value) -> out.put(personId, join("a neighbour of Decide", value)));
        return out;
    }

    private double value(Campaign c, String personId) {
        for (String channel : c.definition().channels()) {
            Decision d;
            try {
                d = decide.estimate(new DecideCommand(PersonRef.id(personId), channel, new DecisionContext(
                        Direction.OUTBOUND, c.definition().division(), "", "campaign", c.id(), "", Map.of()), 1,
                        Set.of(), new LinkedHashSet<>(c.definition().actionIds())), c.id());
            } catch (DecisioningException e) {
                if (e.kind() == DecisioningException.Kind.UNAVAILABLE) {
                    throw new PeerDown(e.getMessage());
                }
                return NOTHING_ELIGIBLE;
            } catch (PeerFailure e) {
                if (e.transientFailure()) {
                    throw new PeerDown("a neighbour of Decide", e);
                }
                return NOTHING_ELIGIBLE;
            }
            for (Reason w : d.warnings()) {
                if (w.code().endsWith("_UNAVAILABLE")) {
                    throw new PeerDown(w.message());
                }
            }
            if (!d.actions().isEmpty()) {
                RankedAction best = d.actions().get(0);
                return best.expectedValue() == null ? 0 : best.expectedValue().major();
            }
        }
        return NOTHING_ELIGIBLE;
    }

    private static <T> T join(String peer, CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PeerDown down) {
                throw down;
            }
            if (e.getCause() instanceof PeerFailure failure) {
                throw new PeerDown(peer, failure);
            }
            throw e;
        }
    }
}
