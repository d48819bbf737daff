package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's report, counted from its members: funnels per channel, per action and channel, and
 * in total; the held-out groups; and the uplift of the contacted persons over the control persons.
 */
public final class CampaignReport {

    public final Campaign campaign;
    public final Map<String, CampaignFunnel> channels = new LinkedHashMap<>();
    public final Map<String, Map<String, CampaignFunnel>> actions = new LinkedHashMap<>();
    public final CampaignFunnel totals = new CampaignFunnel();
    public long audience;
    public long control;
    public long universalControl;
    public long unprocessed;
    private long contacted;
    private long contactedConverted;
    private double contactedRevenue;
    private double contactedSquares;
    private long held;
    private long heldConverted;
    private double heldRevenue;
    private double heldSquares;
    public Instant asOf;

    public CampaignReport(Campaign campaign, Instant asOf) {
        this.campaign = campaign;
        this.asOf = asOf;
        campaign.definition().channels().forEach(ch -> channels.put(ch, new CampaignFunnel()));
    }

    /** Counts one member. */
    public void add(CampaignMember m, String currency) {
        if (!m.state().inAudience()) {
            return; // not selected (yet): over the max_size, or before the selection
        }
        audience++;
        double revenue = new Money(currency, m.revenueMinor()).major();
        boolean converted = m.responses().contains("CONVERTED");
        if (m.group().heldOut()) {
            control += m.group() == CampaignGroup.CONTROL ? 1 : 0;
            universalControl += m.group() == CampaignGroup.UNIVERSAL_CONTROL ? 1 : 0;
            held++;
            heldConverted += converted ? 1 : 0;
            heldRevenue += revenue;
            heldSquares += revenue * revenue;
            return;
        }
        if (!m.state().done() || m.state() == MemberState.CANCELLED) {
            unprocessed++;
        }
        totals.add(m);
        if (!m.channel().isEmpty()) {
            channels.computeIfAbsent(m.channel(), k -> new CampaignFunnel()).add(m);
        }
        if (!m.actionId().isEmpty()) {
            actions.computeIfAbsent(m.actionId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(m.channel(), k -> new CampaignFunnel()).add(m);
        }
        if (m.state() == MemberState.SENT) {
            contacted++;
            contactedConverted += converted ? 1 : 0;
            contactedRevenue += revenue;
            contactedSquares += revenue * revenue;
        }
    }

    /** Uplift of the contacted persons over both control groups. */
    public Uplift.Result uplift(String currency) {
        return Uplift.of(new Uplift.Group(contacted, contactedConverted, contactedRevenue, contactedSquares),
                new Uplift.Group(held, heldConverted, heldRevenue, heldSquares), currency);
    }

    /** The action ids in the campaign's order, then any other. */
    public List<String> actionOrder() {
        return actions.keySet().stream().sorted((a, b) -> Integer.compare(index(a), index(b))).toList();
    }

    private int index(String actionId) {
        int i = campaign.definition().actionIds().indexOf(actionId);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
