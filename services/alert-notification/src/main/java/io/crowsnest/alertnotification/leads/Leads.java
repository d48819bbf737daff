package io.crowsnest.alertnotification.leads;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.crowsnest.alertnotification.client.ScoringClient;
import io.crowsnest.alertnotification.config.LeadsConfig;
import io.crowsnest.alertnotification.domain.AlertDraft;
import io.crowsnest.alertnotification.domain.AlertKind;
import io.crowsnest.alertnotification.domain.PersonLookup;
import io.crowsnest.alertnotification.domain.Recipient;
import io.crowsnest.alertnotification.service.PublishAlertService;
import io.crowsnest.alertnotification.store.LeadPool;
import io.crowsnest.alertnotification.store.LeadStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Wires the lead engine into the application: scores from scoring, offers as QUALIFIED_LEAD alerts
 * to the rule's team (body rendered from the lead's reason), and the digest on a timer.
 */
@ApplicationScoped
public class Leads {

    @Inject
    LeadsConfig config;
    @Inject
    LeadEngine engine;

    private Periodic digest;

    void start(@Observes StartupEvent event) {
        digest = Periodic.every("lead-digest", config.digestInterval(), engine::digest);
    }

    void stop(@Observes ShutdownEvent event) {
        Periodic.stop(digest);
    }

    static String title(io.crowsnest.alertnotification.domain.LeadRule rule) {
        String title = "Qualified lead: " + rule.displayName();
        return title.length() <= 120 ? title : title.substring(0, 119) + "…";
    }

    /** The engine over the service's stores and peers. */
    @Singleton
    static class Beans {
        @Produces
        @Singleton
        LeadEngine engine(LeadStore store, LeadPool pool, ScoringClient scoring, PublishAlertService alerts,
                Clock clock) {
            return new LeadEngine(store, pool, scoring::score, (lead, rule) -> alerts.publish(new AlertDraft(
                    new Recipient.Team(rule.teamId()), PersonLookup.byId(lead.personId()), AlertKind.QUALIFIED_LEAD,
                    rule.severity(), title(rule), "", lead.reason(), List.of(), null, "",
                    "", "alert-notification", null)).id(), clock);
        }
    }
}
