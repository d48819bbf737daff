package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.MemberState;

/**
 * The selection and the send-window gate of campaign members ({@code campaign_members}): keeping a
 * max_size of candidates by expected value, and moving target members between STAGED and
 * OUTSIDE_WINDOW by the time zone of their window. Every move is a compare-and-set on the state it
 * leaves, so two instances doing the same work agree and nothing moves twice.
 */
@ApplicationScoped
public class MemberSelectionStore {

    private static final int CHUNK = 1_000;

    @Inject
    CampaignMemberStore store;

    private MongoCollection<Document> members;

    @PostConstruct
    void init() {
        members = store.collection();
    }

    /** True while the campaign has candidates not yet selected or left out. */
    public boolean hasCandidates(String campaignId) {
        return members.find(and(eq("campaign_id", campaignId), eq("state", MemberState.CANDIDATE.name())))
                .limit(1).first() != null;
    }

    /**
     * Keeps the maxSize members of highest value (ties by person id), whatever state they reached:
     * the kept candidates become STAGED (targets) or HELD_OUT, the others OVER_LIMIT. The order is a
     * function of the stored values, so a cut interrupted and done again, or done by two instances
     * at once, selects the same persons. Returns how many were selected by this call.
     */
    public long cut(String campaignId, long maxSize) {
        long rank = 0;
        long selected = 0;
        List<String> keep = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        for (Document d : members.find(eq("campaign_id", campaignId)).projection(new Document("_id", 1))
                .sort(Sorts.orderBy(Sorts.descending("value"), Sorts.ascending("person_id")))) {
            (rank++ < maxSize ? keep : drop).add(d.getString("_id"));
            if (keep.size() == CHUNK) {
                selected += select(keep);
            }
            if (drop.size() == CHUNK) {
                leaveOut(drop);
            }
        }
        selected += select(keep);
        leaveOut(drop);
        return selected;
    }

    private long select(List<String> ids) {
        long n = 0;
        if (!ids.isEmpty()) {
            n += members.updateMany(and(in("_id", ids), eq("state", MemberState.CANDIDATE.name()),
                    eq("group", CampaignGroup.TARGET.name())), Updates.set("state", MemberState.STAGED.name()))
                    .getModifiedCount();
            n += members.updateMany(and(in("_id", ids), eq("state", MemberState.CANDIDATE.name())),
                    Updates.set("state", MemberState.HELD_OUT.name())).getModifiedCount();
            ids.clear();
        }
        return n;
    }

    private void leaveOut(List<String> ids) {
        if (!ids.isEmpty()) {
            members.updateMany(and(in("_id", ids), eq("state", MemberState.CANDIDATE.name())),
                    Updates.set("state", MemberState.OVER_LIMIT.name()));
            ids.clear();
        }
    }

    /** The time zones of the campaign's target members in the partition that wait for or are in their window. */
    public List<String> zones(String campaignId, int partition) {
        List<String> out = new ArrayList<>();
        members.distinct("zone", waiting(campaignId, partition, List.of(MemberState.STAGED, MemberState.OUTSIDE_WINDOW)),
                String.class).forEach(out::add);
        return out;
    }

    /**
     * Moves the campaign's members of the partition whose zone's window is open from OUTSIDE_WINDOW
     * to STAGED, and those whose window is closed from STAGED to OUTSIDE_WINDOW. A member stored
     * without a zone (staged before zones were kept) goes by the default zone (defaultOpen).
     */
    public void gate(String campaignId, int partition, Collection<String> open, Collection<String> closed,
            boolean defaultOpen) {
        move(campaignId, partition, MemberState.OUTSIDE_WINDOW, MemberState.STAGED, open, defaultOpen);
        move(campaignId, partition, MemberState.STAGED, MemberState.OUTSIDE_WINDOW, closed, !defaultOpen);
    }

    /** Members of the campaign in the partition outside their window now. */
    public long outsideWindow(String campaignId) {
        return members.countDocuments(and(eq("campaign_id", campaignId),
                eq("state", MemberState.OUTSIDE_WINDOW.name())));
    }

    private void move(String campaignId, int partition, MemberState from, MemberState to, Collection<String> zones,
            boolean withoutZone) {
        List<String> matching = new ArrayList<>(zones);
        if (withoutZone) {
            matching.add(null);
        }
        if (!matching.isEmpty()) {
            members.updateMany(and(waiting(campaignId, partition, List.of(from)), in("zone", matching)),
                    Updates.set("state", to.name()));
        }
    }

    private static Bson waiting(String campaignId, int partition, List<MemberState> states) {
        return and(eq("campaign_id", campaignId), eq("partition", partition),
                in("state", states.stream().map(Enum::name).toList()));
    }
}
