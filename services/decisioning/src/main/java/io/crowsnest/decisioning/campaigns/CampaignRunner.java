package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.SendWindow;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignRunStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.decisioning.store.MemberSelectionStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The campaign runner's loop, one pass every interval on its own thread: start due campaigns
 * (briefings first); then, for each partition of this instance's share of the person-id space,
 * read the audiences of the running campaigns into members, and once every running campaign's
 * audience of the partition is read, select the max_size best of a campaign whose whole audience is
 * read, let in the members whose send window is open in their own time zone, and contact them in
 * arbitrated batches. A pass that meets an unreachable neighbour stops, says so on the campaigns
 * (waiting_reason) and the next pass retries.
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
    MemberSelectionStore selection;
    @Inject
    CampaignRunStore run;
    @Inject
    PartitionLeases leases;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    private Periodic timer;

    void start(@Observes StartupEvent event) {
        if (!config.campaigns().enabled()) {
            return;
        }
        timer = Periodic.every("campaign-runner", config.campaigns().interval(), this::passSafely);
    }

    /** Stops the passes (a pass in progress is interrupted and waited for), then gives the partitions back. */
    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.close();
            leases.leave();
        }
    }

    /** A failed pass is logged with its stack trace; the next pass retries. */
    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.warnf(e, "campaign pass failed; the next pass retries");
        }
    }

    /** One pass over this instance's share of the partitions (see PartitionLeases). */
    public void pass() {
        starter.startDue();
        Map<String, String> down = new LinkedHashMap<>();
        for (int p : leases.claim()) {
            Map<String, Campaign> running = byId(campaigns.withStatus(List.of(CampaignStatus.RUNNING)));
            try {
                if (!stage(p, running)) {
                    continue;
                }
                Map<String, Campaign> selected = new LinkedHashMap<>();
                running.values().stream().filter(this::selected).forEach(c -> selected.put(c.id(), c));
                Instant now = clock.instant();
                for (Campaign c : selected.values()) {
                    gate(c, p, now);
                }
                final int partition = p;
                round.run(p, selected, () -> leased(partition));
            } catch (PeerDown e) {
                Instant now = clock.instant();
                running.keySet().forEach(id -> down.put(id, e.getMessage() + " since " + now
                        + "; the run waits and resumes by itself, nothing is sent twice"));
            }
        }
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.RUNNING))) {
            long outside = selection.outsideWindow(c.id());
            campaigns.waiting(c.id(), down.getOrDefault(c.id(), outside == 0 ? "" : outside
                    + " member(s) outside the send window (" + c.definition().window().describe()
                    + "; in each person's own time zone when profile has one)"));
        }
        complete();
    }

    /**
     * True once the campaign's audience is selected: at once without a max_size; with one, once its
     * whole audience is read, when the max_size of highest expected value are kept (by any instance:
     * the cut is the same whoever makes it).
     */
    private boolean selected(Campaign c) {
        if (c.definition().maxSize() <= 0) {
            return true;
        }
        for (int p = 0; p < config.campaigns().partitions(); p++) {
            if (!run.checkpoint(c.id(), p).done()) {
                return false;
            }
        }
        if (selection.hasCandidates(c.id())) {
            selection.cut(c.id(), c.definition().maxSize());
        }
        return true;
    }

    /** Lets in the campaign's members of the partition whose window is open in their zone; holds the others. */
    private void gate(Campaign c, int partition, Instant now) {
        SendWindow w = c.definition().window();
        List<String> open = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        for (String zone : selection.zones(c.id(), partition)) {
            (w.isOpen(now, w.zoneFor(zone)) ? open : closed).add(zone);
        }
        selection.gate(c.id(), partition, open, closed, w.isOpen(now));
    }

    /** Reads every running campaign's audience of the partition; true once all of them are read. */
    private boolean stage(int partition, Map<String, Campaign> running) {
        boolean all = true;
        for (Campaign c : running.values()) {
            if (c.definition().triggered()) {
                continue; // its members are staged as they enter the segment (SegmentEntries)
            }
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

    /**
     * A running ONE_OFF campaign whose every partition is read and whose members are all processed is
     * COMPLETED (a TRIGGERED one at its end_at: persons may still enter until then).
     */
    private void complete() {
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.RUNNING))) {
            if (c.definition().triggered()) {
                continue;
            }
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
        return leases.hold(partition);
    }

    private static Map<String, Campaign> byId(List<Campaign> list) {
        Map<String, Campaign> out = new LinkedHashMap<>();
        list.forEach(c -> out.put(c.id(), c));
        return out;
    }
}
