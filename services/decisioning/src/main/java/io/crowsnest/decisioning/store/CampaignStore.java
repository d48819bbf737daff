package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.ne;
import static io.crowsnest.decisioning.store.Docs.date;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Campaigns ({@code campaigns}), one document each. Status changes are compare-and-set on the
 * status they leave, so two instances (or a user and the runner) never both make a transition.
 */
@ApplicationScoped
public class CampaignStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> campaigns;

    @PostConstruct
    void init() {
        campaigns = database.getCollection("campaigns");
        campaigns.createIndex(Indexes.ascending("status"));
        campaigns.createIndex(Indexes.descending("launched_at"));
    }

    /** Stores a new campaign; false when the id is taken. */
    public boolean insert(Campaign c) {
        return MongoWrites.insertNew(campaigns, CampaignDocs.doc(c));
    }

    public Optional<Campaign> find(String id) {
        return Optional.ofNullable(campaigns.find(eq("_id", id)).first()).map(CampaignDocs::campaign);
    }

    /** Campaigns in one of the statuses, oldest launch first. */
    public List<Campaign> withStatus(Collection<CampaignStatus> statuses) {
        List<Campaign> out = new ArrayList<>();
        campaigns.find(in("status", statuses.stream().map(Enum::name).toList())).sort(Sorts.ascending("launched_at"))
                .forEach(d -> out.add(CampaignDocs.campaign(d)));
        return out;
    }

    /**
     * Campaigns newest launch first (then by id, descending), optionally of some statuses, one
     * division and launched in [from, to) (null: unbounded), after the campaign (launched at, id)
     * given (null: from the newest).
     */
    public List<Campaign> page(Collection<CampaignStatus> statuses, String division, Instant from, Instant to,
            Instant afterLaunchedAt, String afterId, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (from != null) {
            filters.add(com.mongodb.client.model.Filters.gte("launched_at", date(from)));
        }
        if (to != null) {
            filters.add(lt("launched_at", date(to)));
        }
        if (!statuses.isEmpty()) {
            filters.add(in("status", statuses.stream().map(Enum::name).toList()));
        }
        if (!division.isEmpty()) {
            filters.add(eq("definition.division", division));
        }
        if (afterLaunchedAt != null) {
            filters.add(or(lt("launched_at", date(afterLaunchedAt)), and(eq("launched_at", date(afterLaunchedAt)),
                    lt("_id", afterId))));
        }
        List<Campaign> out = new ArrayList<>();
        campaigns.find(filters.isEmpty() ? new Document() : and(filters))
                .sort(Sorts.orderBy(Sorts.descending("launched_at"), Sorts.descending("_id"))).limit(limit)
                .forEach(d -> out.add(CampaignDocs.campaign(d)));
        return out;
    }

    /** Moves the campaign from one of the statuses to another; false when it was not in one of them. */
    public boolean transition(String id, Collection<CampaignStatus> from, CampaignStatus to, Reason reason,
            Instant endedAt) {
        List<Bson> set = new ArrayList<>(List.of(Updates.set("status", to.name()),
                Updates.set("status_reason", Docs.reason(reason))));
        if (endedAt != null) {
            set.add(Updates.set("ended_at", date(endedAt)));
        }
        return campaigns.updateOne(and(eq("_id", id), in("status", from.stream().map(Enum::name).toList())),
                Updates.combine(set)).getModifiedCount() == 1;
    }

    /** SCHEDULED to RUNNING once every briefing was published; false when it was no longer SCHEDULED. */
    public boolean started(String id, List<String> briefedTeams, Instant at) {
        return campaigns.updateOne(and(eq("_id", id), eq("status", CampaignStatus.SCHEDULED.name())),
                Updates.combine(Updates.set("status", CampaignStatus.RUNNING.name()),
                        Updates.set("briefed_team_ids", briefedTeams), Updates.set("started_at", date(at)),
                        Updates.set("waiting", ""))).getModifiedCount() == 1;
    }

    /** Says why the run waits ("" when it no longer does). */
    public void waiting(String id, String why) {
        campaigns.updateOne(and(eq("_id", id), ne("waiting", why)), Updates.set("waiting", why));
    }
}
