package io.crowsnest.decisioning.attribution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.decisioning.client.AlertClient;
import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.ProfileClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.service.RecordCampaignResponseService;
import io.crowsnest.decisioning.store.AttributionStore;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The attribution sweep, every interval on its own thread: for every started campaign whose
 * attribution windows are not all closed, each contacted or held-out member's purchases in its
 * window are read from profile (ListEvents, EVENT_TYPE_PURCHASE) and counted as conversions with
 * their amount, as RecordCampaignResponse would count them, under the response id
 * {@code profile-event:<event id>}; and a contacted member's delivery report is read from
 * alert-notification (GetDeliveryStatus by reservation) and counted as delivered, opened, clicked
 * under {@code delivery:<reservation>:<type>}. A response id counts once however many sweeps, restarts
 * or instances record it. An unreachable neighbour ends the sweep; the next one reads again.
 */
@ApplicationScoped
public class CampaignAttribution {

    private static final Logger LOG = Logger.getLogger(CampaignAttribution.class);
    private static final List<CampaignStatus> STARTED = List.of(CampaignStatus.RUNNING, CampaignStatus.PAUSED,
            CampaignStatus.COMPLETED, CampaignStatus.CANCELLED);

    @Inject
    CampaignStore campaigns;
    @Inject
    AttributionStore attribution;
    @Inject
    CampaignMemberStore members;
    @Inject
    ProfileClient profile;
    @Inject
    AlertClient alerts;
    @Inject
    RecordCampaignResponseService responses;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        if (config.attribution().enabled()) {
            job = Periodic.every("campaign-attribution", config.attribution().interval(), this::sweepSafely);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Periodic.stop(job);
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (PeerFailure e) {
            LOG.infof("attribution sweep stopped: %s; the next sweep reads again", e.getMessage());
        }
    }

    /** One sweep over the campaigns with an attribution window still open (or closed since the last read). */
    public void sweep() {
        Instant now = clock.instant();
        Duration lateness = config.attribution().lateness();
        for (Campaign c : campaigns.withStatus(STARTED)) {
            Duration window = Duration.ofDays(c.definition().attributionDays());
            if (c.startedAt() == null || c.endedAt() != null && now.isAfter(c.endedAt().plus(window).plus(lateness))) {
                continue;
            }
            attribution.each(c.id(), (m, checked) -> attribute(c, m, checked, now, window, lateness));
        }
    }

    private void attribute(Campaign c, CampaignMember m, Instant checked, Instant now, Duration window,
            Duration lateness) {
        Instant start = m.group().heldOut() ? c.startedAt() : m.contactedAt();
        if (start == null || checked != null && checked.isAfter(start.plus(window).plus(lateness))) {
            return; // not contacted, or its window closed and was read to the end
        }
        Instant from = checked == null || checked.minus(lateness).isBefore(start) ? start : checked.minus(lateness);
        Instant to = now.isBefore(start.plus(window)) ? now : start.plus(window);
        if (to.isAfter(from)) {
            for (ProfileClient.Purchase p : profile.purchases(m.personId(), from, to)) {
                if (p.amount().amountMinor() > 0 && p.amount().currency().equals(config.reportingCurrency())) {
                    responses.record(c.id(), m.personId(), "CONVERTED", p.occurredAt(), p.amount(),
                            "profile-event:" + p.eventId());
                }
            }
        }
        if (!m.group().heldOut() && !m.reservationId().isEmpty() && !"PHONE".equals(m.channel())
                && !m.responses().containsAll(List.of("DELIVERED", "OPENED", "CLICKED"))) {
            alerts.deliveryState(m.reservationId()).ifPresent(d -> {
                report(m, "DELIVERED", d.deliveredAt());
                report(m, "OPENED", d.openedAt());
                report(m, "CLICKED", d.clickedAt());
            });
        }
        attribution.checked(c.id(), m.personId(), now);
    }

    private void report(CampaignMember m, String type, Instant at) {
        if (at != null && !m.responses().contains(type)) {
            members.respond(m.campaignId(), m.personId(), type, 0, "delivery:" + m.reservationId() + ":" + type);
        }
    }
}
