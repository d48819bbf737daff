package io.crowsnest.decisioning.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignReport;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;

/**
 * Computes a campaign's report from its members as they are now: funnels per channel and action,
 * the control groups and the uplift (one read of the campaign's members).
 */
@ApplicationScoped
public class CampaignReportService {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    public CampaignReport report(String id) {
        Campaign c = campaigns.find(id).orElseThrow(() -> CampaignQueries.notFound(id));
        CampaignReport report = new CampaignReport(c, clock.instant());
        members.each(id, m -> report.add(m, config.reportingCurrency()));
        return report;
    }
}
