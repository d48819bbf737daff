package io.crowsnest.decisioning.campaigns;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.decisioning.store.StreamOffsetStore;
import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.platform.jobs.RestartingJob;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The audience of TRIGGERED campaigns: one follower per instance of scoring's segment transition
 * stream (ENTERED only, consumer {@value #CONSUMER}) stages each person who entered the segment of a
 * scheduled, running or paused TRIGGERED campaign between its start_at and end_at (by the transition's
 * occurred_at) as a member, with its group and time zone; the runner contacts the members as it
 * contacts a ONE_OFF campaign's. The offset is stored ({@code stream_offsets}) after the entry is
 * staged, so after a restart or an outage the follower resumes where it stopped and nobody who
 * entered meanwhile is missed (within the stream's retention); an entry delivered again, a person
 * entering twice, or two instances following at once stage the person once, so nobody is contacted
 * twice. Reconnects with the platform's peer back-off while scoring is unreachable.
 */
@ApplicationScoped
public class SegmentEntries {

    private static final Logger LOG = Logger.getLogger(SegmentEntries.class);
    static final String CONSUMER = "decisioning";
    private static final List<CampaignStatus> OPEN = List.of(CampaignStatus.SCHEDULED, CampaignStatus.RUNNING,
            CampaignStatus.PAUSED);

    @Inject
    ScoringClient scoring;
    @Inject
    AudienceStager stager;
    @Inject
    CampaignStore campaigns;
    @Inject
    StreamOffsetStore offsets;
    @Inject
    DecisioningConfig config;

    private volatile boolean closed = true;
    private volatile Runnable cancel;
    private RestartingJob job;

    void start(@Observes StartupEvent event) {
        if (config.campaigns().enabled()) {
            open();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    /** Starts following from the stored offset (at start-up, or after {@link #close}). */
    public synchronized void open() {
        if (!closed) {
            return;
        }
        closed = false;
        job = RestartingJob.start("segment-entries", Backoff.PEER, this::attempt);
    }

    /** Stops following; the stored offset stays where the last staged entry left it. */
    public synchronized void close() {
        closed = true;
        Runnable current = cancel;
        if (current != null) {
            current.run();
        }
        if (job != null) {
            job.close();
            job = null;
        }
    }

    private boolean attempt() {
        try {
            scoring.followEntries(offsets.offset(CONSUMER), CONSUMER, () -> !closed, c -> cancel = c,
                    new ScoringClient.EntryHandler() {
                        @Override
                        public void entered(ScoringClient.Entry e) {
                            stage(e);
                            upTo(e.offset());
                        }

                        @Override
                        public void upTo(long offset) {
                            offsets.processed(CONSUMER, offset);
                        }
                    });
            return true;
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.debugf("following scoring's segment entries after %d: %s; retrying", offsets.offset(CONSUMER),
                        e.toString());
            }
            return false;
        }
    }

    private void stage(ScoringClient.Entry e) {
        for (Campaign c : triggered()) {
            if (c.definition().segmentId().equals(e.segmentId()) && !e.occurredAt().isBefore(c.definition().startAt())
                    && (c.definition().endAt() == null || e.occurredAt().isBefore(c.definition().endAt()))) {
                stager.stageEntered(c, List.of(e.personId()));
            }
        }
    }

    /**
     * The TRIGGERED campaigns not ended, read for every entry: a list kept from before would miss the
     * entries of a campaign launched since.
     */
    private List<Campaign> triggered() {
        return campaigns.withStatus(OPEN).stream().filter(c -> c.definition().triggered()).toList();
    }
}
