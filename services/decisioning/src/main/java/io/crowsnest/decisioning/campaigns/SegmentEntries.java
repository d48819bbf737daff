package io.crowsnest.decisioning.campaigns;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.decisioning.store.StreamOffsetStore;
import io.crowsnest.platform.scoring.SegmentEntry;
import io.crowsnest.platform.scoring.SegmentEntryFollower;
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

    private SegmentEntryFollower follower;

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
        if (follower != null) {
            return;
        }
        follower = scoring.entries(CONSUMER, new SegmentEntryFollower.Offsets() {
            @Override
            public long offset() {
                return offsets.offset(CONSUMER);
            }

            @Override
            public void processed(long offset) {
                offsets.processed(CONSUMER, offset);
            }
        }, this::stage);
        follower.start();
    }

    /** Stops following; the stored offset stays where the last staged entry left it. */
    public synchronized void close() {
        if (follower != null) {
            follower.close();
            follower = null;
        }
    }

    private void stage(SegmentEntry e) {
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
