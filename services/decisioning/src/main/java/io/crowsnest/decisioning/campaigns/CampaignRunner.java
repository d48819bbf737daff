package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignRunStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The campaign runner's loop, one pass every interval on its own thread: start due campaigns
 * (briefings first); then, for each partition of the person-id space this instance can lease,
 * read the audiences of the running campaigns into members, and once every running campaign's
 * audience of the partition is read, contact its members in arbitrated batches. A pass that meets an
 * unreachable neighbour stops, says so on the campaigns (waiting_reason) and the next pass retries.
 */
@ApplicationScoped
public class CampaignRunner {

    private static final Logger LOG = Logger.getLogger(CampaignRunner.class);

    @Inject
    CampaignStarter starter;
    @Inject
    AudienceStager stager;
    @Inject
    ContactRound round;
    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;
    @Inject
    CampaignRunStore run;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    private final String owner = "decisioning-" + UUID.randomUUID();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        if (!config.campaigns().enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "campaign-runner");
            t.setDaemon(true);
            return t;
        });
        long every = config.campaigns().interval().toMillis();
        timer.scheduleWithFixedDelay(this::passSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
            for (int p = 0; p < config.campaigns().partitions(); p++) {
                run.release(p, owner);
            }
        }
    }

    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.warnf(e, "campaign pass failed; the next pass retries");
        }
    }

    /** One pass over every partition this instance can lease. */
    public void pass() {
        starter.startDue();
        for (int p = 0; p < config.campaigns().partitions(); p++) {
            if (!leased(p)) {
                continue;
            }
            Map<String, Campaign> running = byId(campaigns.withStatus(List.of(CampaignStatus.RUNNING)));
            try {
                if (!stage(p, running)) {
                    continue;
                }
                Map<String, Campaign> open = new LinkedHashMap<>();
                Instant now = clock.instant();
                running.values().stream().filter(c -> c.definition().window().isOpen(now))
                        .forEach(c -> open.put(c.id(), c));
                running.values().stream().filter(c -> !open.containsKey(c.id())).forEach(c -> campaigns.waiting(c.id(),
                        "outside the send window (" + c.definition().window().describe() + ")"));
                final int partition = p;
                round.run(p, open, () -> leased(partition));
                open.keySet().forEach(id -> campaigns.waiting(id, ""));
            } catch (PeerDown e) {
                Instant now = clock.instant();
                running.keySet().forEach(id -> campaigns.waiting(id, e.getMessage() + " since " + now
                        + "; the run waits and resumes by itself, nothing is sent twice"));
            }
        }
        complete();
    }

    /** Reads every running campaign's audience of the partition; true once all of them are read. */
    private boolean stage(int partition, Map<String, Campaign> running) {
        boolean all = true;
        for (Campaign c : running.values()) {
            boolean done = false;
            try {
                while (!done && leased(partition)) {
                    done = stager.stagePage(c, partition);
                }
            } catch (io.crowsnest.decisioning.client.PeerFailure e) {
                // not an outage (PeerDown passes through): the audience cannot be read, e.g. the segment was deleted
                campaigns.transition(c.id(), List.of(CampaignStatus.RUNNING), CampaignStatus.FAILED,
                        io.crowsnest.decisioning.domain.Reason.of("AUDIENCE_UNREADABLE", "scoring refused to list "
                                + "segment '" + c.definition().segmentId() + "': " + e.code() + " "
                                + e.description()), clock.instant());
                continue;
            }
            all &= done;
        }
        return all;
    }

    /** A running campaign whose every partition is read and whose members are all processed is COMPLETED. */
    private void complete() {
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.RUNNING))) {
            boolean read = true;
            for (int p = 0; p < config.campaigns().partitions() && read; p++) {
                read = run.checkpoint(c.id(), p).done();
            }
            if (read && !members.hasOpen(c.id())) {
                campaigns.transition(c.id(), List.of(CampaignStatus.RUNNING), CampaignStatus.COMPLETED, null,
                        clock.instant());
            }
        }
    }

    private boolean leased(int partition) {
        return run.lease(partition, owner, clock.instant(), config.campaigns().leaseTtl());
    }

    private static Map<String, Campaign> byId(List<Campaign> list) {
        Map<String, Campaign> out = new LinkedHashMap<>();
        list.forEach(c -> out.put(c.id(), c));
        return out;
    }
}
