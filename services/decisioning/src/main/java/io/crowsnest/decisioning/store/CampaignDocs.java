package io.crowsnest.decisioning.store;

import static io.crowsnest.decisioning.store.Docs.date;
import static io.crowsnest.decisioning.store.Docs.instant;
import static io.crowsnest.decisioning.store.Docs.string;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.domain.SendWindow;

/** Mapping of a campaign to its document in {@code campaigns} and back. */
final class CampaignDocs {

    private CampaignDocs() {
    }

    static Document doc(Campaign c) {
        CampaignDefinition d = c.definition();
        Document costs = new Document();
        d.channelCosts().forEach((channel, cost) -> costs.append(channel, Docs.money(cost)));
        Document window = new Document("start", d.window().startMinute()).append("end", d.window().endMinute())
                .append("days", d.window().days().stream().map(DayOfWeek::name).sorted().toList())
                .append("zone", d.window().timeZone());
        Document def = new Document("name", d.name()).append("description", d.description())
                .append("division", d.division()).append("segment_id", d.segmentId())
                .append("action_ids", d.actionIds()).append("channels", d.channels())
                .append("start_at", date(d.startAt())).append("end_at", date(d.endAt())).append("window", window)
                .append("briefing_team_ids", d.briefingTeamIds()).append("briefing", d.briefing())
                .append("control_percent", d.controlPercent()).append("expected_value", Docs.money(d.expectedValue()))
                .append("call_list_team_id", d.callListTeamId()).append("attribution_days", d.attributionDays())
                .append("channel_costs", costs).append("expression", d.expression())
                .append("max_size", d.maxSize()).append("triggered", d.triggered());
        return new Document("_id", c.id()).append("definition", def).append("status", c.status().name())
                .append("status_reason", Docs.reason(c.statusReason())).append("waiting", c.waitingReason())
                .append("briefed_team_ids", c.briefedTeamIds())
                .append("action_versions", new Document(new LinkedHashMap<>(c.actionVersions())))
                .append("launched_by", c.launchedBy()).append("launched_at", date(c.launchedAt()))
                .append("started_at", date(c.startedAt())).append("ended_at", date(c.endedAt()));
    }

    static Campaign campaign(Document doc) {
        Document def = doc.get("definition", Document.class);
        Document w = def.get("window", Document.class);
        Set<DayOfWeek> days = Set.copyOf(w.getList("days", String.class).stream().map(DayOfWeek::valueOf).toList());
        Map<String, Money> costs = new LinkedHashMap<>();
        Document c = def.get("channel_costs", Document.class);
        if (c != null) {
            c.forEach((channel, cost) -> costs.put(channel, Docs.money((Document) cost)));
        }
        CampaignDefinition d = new CampaignDefinition(def.getString("name"), string(def, "description"),
                def.getString("division"), def.getString("segment_id"), def.getList("action_ids", String.class),
                def.getList("channels", String.class), instant(def, "start_at"), instant(def, "end_at"),
                new SendWindow(w.getInteger("start"), w.getInteger("end"), days, w.getString("zone")),
                def.getList("briefing_team_ids", String.class), string(def, "briefing"),
                def.getInteger("control_percent", 0), Docs.money(def.get("expected_value", Document.class)),
                string(def, "call_list_team_id"), def.getInteger("attribution_days", 30), costs,
                string(def, "expression"), def.getInteger("max_size", 0), def.getBoolean("triggered", false));
        Map<String, Integer> versions = new LinkedHashMap<>();
        Document v = doc.get("action_versions", Document.class);
        if (v != null) {
            v.forEach((k, n) -> versions.put(k, ((Number) n).intValue()));
        }
        List<String> briefed = doc.getList("briefed_team_ids", String.class);
        return new Campaign(doc.getString("_id"), d, CampaignStatus.valueOf(doc.getString("status")),
                Docs.reason(doc.get("status_reason", Document.class)), string(doc, "waiting"),
                briefed == null ? new ArrayList<>() : briefed, versions, doc.getString("launched_by"),
                instant(doc, "launched_at"), instant(doc, "started_at"), instant(doc, "ended_at"));
    }
}
