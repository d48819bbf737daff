package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;
import static io.crowsnest.decisioning.store.Docs.date;
import static io.crowsnest.decisioning.store.Docs.instant;
import static io.crowsnest.decisioning.store.Docs.string;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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

import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.MemberState;
import io.crowsnest.decisioning.domain.RenderedContent;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Audience members of campaigns ({@code campaign_members}), one document per campaign and person
 * (_id "campaign|person"), so staging the same person twice keeps the first and every state change
 * is a compare-and-set on the state it leaves: a member moves forward once, whoever retries.
 */
@ApplicationScoped
public class CampaignMemberStore {

    /** What an erasure drops from a member it keeps under a pseudonym: what points back at the person. */
    private static final List<String> ERASED_FIELDS = List.of("content", "decision_id", "reservation_id",
            "batch_key", "zone", "value", "response_ids");

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> members;

    @PostConstruct
    void init() {
        members = database.getCollection("campaign_members");
        // a runner's page of a partition's members in a state, in (person, campaign) order: the index gives
        // that order, so MongoDB reads the page's members alone instead of sorting the partition's
        members.createIndex(Indexes.ascending("partition", "state", "person_id", "campaign_id"));
        members.createIndex(Indexes.ascending("campaign_id", "state"));
        members.createIndex(Indexes.ascending("person_id"));
        members.createIndex(Indexes.ascending("batch_key"));
        members.createIndex(Indexes.compoundIndex(Indexes.ascending("campaign_id"), Indexes.descending("value"),
                Indexes.ascending("person_id")));
    }

    /** The collection, for the selection and the send-window gate ({@link MemberSelectionStore}). */
    MongoCollection<Document> collection() {
        return members;
    }

    static String id(String campaignId, String personId) {
        return campaignId + "|" + personId;
    }

    /** Stores the members not stored yet; returns how many were new. */
    public int stage(List<CampaignMember> staged) {
        return stage(staged, Map.of(), Map.of());
    }

    /**
     * Stores the members not stored yet, each with the time zone of its send window and its expected
     * value when known (by person id); returns how many were new.
     */
    public int stage(List<CampaignMember> staged, Map<String, String> zones, Map<String, Double> values) {
        if (staged.isEmpty()) {
            return 0;
        }
        List<Document> docs = new ArrayList<>(staged.size());
        for (CampaignMember m : staged) {
            Document d = doc(m);
            if (zones.containsKey(m.personId())) {
                d.append("zone", zones.get(m.personId()));
            }
            if (values.containsKey(m.personId())) {
                d.append("value", values.get(m.personId()));
            }
            docs.add(d);
        }
        int n = 0;
        for (boolean inserted : MongoWrites.insertAllNew(members, docs)) {
            n += inserted ? 1 : 0;
        }
        return n;
    }

    public Optional<CampaignMember> find(String campaignId, String personId) {
        return Optional.ofNullable(members.find(eq("_id", id(campaignId, personId))).first())
                .map(CampaignMemberStore::member);
    }

    /** Members of the campaigns in the partition and state, by person id then campaign, at most limit. */
    public List<CampaignMember> inState(int partition, Collection<String> campaignIds, MemberState state, int limit) {
        List<CampaignMember> out = new ArrayList<>();
        members.find(and(eq("partition", partition), eq("state", state.name()), in("campaign_id", campaignIds)))
                .sort(Sorts.ascending("person_id", "campaign_id")).limit(limit)
                .forEach(d -> out.add(member(d)));
        return out;
    }

    /** Members waiting on one reservation batch. */
    public List<CampaignMember> ofBatch(String batchKey) {
        List<CampaignMember> out = new ArrayList<>();
        members.find(and(eq("batch_key", batchKey), eq("state", MemberState.RESERVING.name())))
                .forEach(d -> out.add(member(d)));
        return out;
    }

    /** STAGED to RESERVING with the decision taken and the batch it is reserved in. */
    public boolean reserving(CampaignMember m, String actionId, String channel, String decisionId,
            RenderedContent content, String batchKey) {
        Document c = content == null ? null : new Document("channel", content.channel())
                .append("language", content.language()).append("subject", content.subject())
                .append("body", content.body()).append("type", content.contentType());
        return move(m, MemberState.STAGED, MemberState.RESERVING, Updates.set("action_id", actionId),
                Updates.set("channel", channel), Updates.set("decision_id", decisionId), Updates.set("content", c),
                Updates.set("batch_key", batchKey));
    }

    /** STAGED to NO_ELIGIBLE_ACTION or BLOCKED, with the reason codes. */
    public boolean leftOut(CampaignMember m, MemberState state, String actionId, String channel, String decisionId,
            List<String> codes) {
        return move(m, MemberState.STAGED, state, Updates.set("action_id", actionId), Updates.set("channel", channel),
                Updates.set("decision_id", decisionId), Updates.set("blocked", codes));
    }

    /** RESERVING to RESERVED with the reservation granted. */
    public boolean reserved(CampaignMember m, String reservationId) {
        return move(m, MemberState.RESERVING, MemberState.RESERVED, Updates.set("reservation_id", reservationId));
    }

    /** RESERVING to BLOCKED (denied by governance), with the reason codes. */
    public boolean denied(CampaignMember m, List<String> codes) {
        return move(m, MemberState.RESERVING, MemberState.BLOCKED, Updates.set("blocked", codes));
    }

    /** RESERVING back to STAGED (the person's counters were unreachable: nothing was reserved). */
    public boolean retry(CampaignMember m) {
        return move(m, MemberState.RESERVING, MemberState.STAGED, Updates.unset("batch_key"));
    }

    /**
     * RESERVED to SENT at the instant, or to FAILED. A member cancelled while its message was being
     * handed over still becomes SENT: it was contacted.
     */
    public boolean delivered(CampaignMember m, boolean sent, Instant at) {
        if (!sent) {
            return move(m, MemberState.RESERVED, MemberState.FAILED, Updates.set("failed_at", date(at)));
        }
        return move(m, MemberState.RESERVED, MemberState.SENT, Updates.set("contacted_at", date(at)))
                || move(m, MemberState.CANCELLED, MemberState.SENT, Updates.set("contacted_at", date(at)));
    }

    /** RESERVED back to STAGED: the reservation lapsed before anything was sent; it is reserved again. */
    public boolean lapsed(CampaignMember m) {
        return move(m, MemberState.RESERVED, MemberState.STAGED, Updates.unset("batch_key"),
                Updates.unset("reservation_id"));
    }

    /**
     * RESERVED members of a cancelled campaign become CANCELLED; STAGED and OUTSIDE_WINDOW ones too
     * (CANDIDATE ones stay: never selected, not in the audience). Returns the reserved ones.
     */
    public List<CampaignMember> cancel(String campaignId) {
        List<CampaignMember> reserved = new ArrayList<>();
        members.find(and(eq("campaign_id", campaignId), eq("state", MemberState.RESERVED.name())))
                .forEach(d -> reserved.add(member(d)));
        members.updateMany(and(eq("campaign_id", campaignId), in("state", List.of(MemberState.STAGED.name(),
                MemberState.RESERVED.name(), MemberState.OUTSIDE_WINDOW.name()))),
                Updates.set("state", MemberState.CANCELLED.name()));
        return reserved;
    }

    /**
     * Records a response type (and adds a conversion value) on the member, once per response id: a
     * response recorded again under the same id changes nothing.
     */
    public void respond(String campaignId, String personId, String type, long valueMinor, String responseId) {
        members.updateOne(and(eq("_id", id(campaignId, personId)), ne("response_ids", responseId)),
                Updates.combine(Updates.addToSet("responses", type), Updates.addToSet("response_ids", responseId),
                        Updates.inc("revenue_minor", valueMinor)));
    }

    /** Members per state of the campaign. */
    public Map<MemberState, Long> countByState(String campaignId) {
        Map<MemberState, Long> out = new EnumMap<>(MemberState.class);
        for (MemberState s : MemberState.values()) {
            long n = members.countDocuments(and(eq("campaign_id", campaignId), eq("state", s.name())));
            if (n > 0) {
                out.put(s, n);
            }
        }
        return out;
    }

    /** Held-out members per group of the campaign (of its audience: selected, when it has a max_size). */
    public long countGroup(String campaignId, CampaignGroup group) {
        return members.countDocuments(and(eq("campaign_id", campaignId), eq("group", group.name()),
                com.mongodb.client.model.Filters.nin("state", List.of(MemberState.CANDIDATE.name(),
                        MemberState.OVER_LIMIT.name()))));
    }

    /** True while a member of the campaign is still to be processed. */
    public boolean hasOpen(String campaignId) {
        return members.find(and(eq("campaign_id", campaignId), in("state", java.util.Arrays.stream(MemberState
                .values()).filter(s -> !s.done()).map(Enum::name).toList()))).limit(1).first() != null;
    }

    /** Every member of the campaign, one at a time (for the report). */
    public void each(String campaignId, Consumer<CampaignMember> sink) {
        members.find(eq("campaign_id", campaignId)).forEach(d -> sink.accept(member(d)));
    }

    /** For each other campaign, how many of these persons it has staged. */
    public Map<String, Long> overlaps(Collection<String> personIds, String exceptCampaignId,
            Collection<String> campaignIds) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (personIds.isEmpty() || campaignIds.isEmpty()) {
            return out;
        }
        Bson filter = and(in("person_id", new HashSet<>(personIds)), in("campaign_id", campaignIds),
                ne("campaign_id", exceptCampaignId));
        members.find(filter).projection(new Document("campaign_id", 1))
                .forEach(d -> out.merge(d.getString("campaign_id"), 1L, Long::sum));
        return out;
    }

    /** The reservation batch a member was put in; "" when none. */
    public String batchKeyOf(String campaignId, String personId) {
        Document d = members.find(eq("_id", id(campaignId, personId))).first();
        return d == null ? "" : string(d, "batch_key");
    }

    /**
     * An erasure: the persons' members lose the person. One never selected (CANDIDATE, not in the
     * audience) is deleted; every other is kept under its person's pseudonym, so that the campaign's
     * counts and report stay right — state, group, action, channel, reason codes, times, responses and
     * revenue stay — without what points back at the person: the message rendered for them, the
     * decision, reservation and batch, time zone, expected value and response ids. One still to be
     * processed becomes BLOCKED ({@code PERSON_FORGOTTEN}): nobody is contacted under a pseudonym;
     * marked {@code erased}, it is not read for attribution any more.
     * Returns the reservation batches the members were in.
     */
    public Set<String> forget(Map<String, String> pseudonymByPerson) {
        Set<String> batches = new LinkedHashSet<>();
        for (Document d : members.find(in("person_id", pseudonymByPerson.keySet())).into(new ArrayList<>())) {
            if (!string(d, "batch_key").isEmpty()) {
                batches.add(d.getString("batch_key"));
            }
            MemberState state = MemberState.valueOf(d.getString("state"));
            if (state != MemberState.CANDIDATE) {
                String pseudonym = pseudonymByPerson.get(d.getString("person_id"));
                Document kept = new Document(d);
                ERASED_FIELDS.forEach(kept::remove);
                kept.append("_id", id(d.getString("campaign_id"), pseudonym)).append("person_id", pseudonym)
                        .append("erased", true);
                if (!state.done()) {
                    kept.append("state", MemberState.BLOCKED.name()).append("blocked", List.of("PERSON_FORGOTTEN"));
                }
                MongoWrites.insertNew(members, kept);
            }
            members.deleteOne(eq("_id", d.get("_id")));
        }
        return batches;
    }

    private boolean move(CampaignMember m, MemberState from, MemberState to, Bson... sets) {
        List<Bson> updates = new ArrayList<>(List.of(sets));
        updates.add(Updates.set("state", to.name()));
        return members.updateOne(and(eq("_id", id(m.campaignId(), m.personId())), eq("state", from.name())),
                Updates.combine(updates)).getModifiedCount() == 1;
    }

    static Document doc(CampaignMember m) {
        return new Document("_id", id(m.campaignId(), m.personId())).append("campaign_id", m.campaignId())
                .append("person_id", m.personId()).append("partition", m.partition()).append("group", m.group().name())
                .append("state", m.state().name()).append("action_id", m.actionId()).append("channel", m.channel())
                .append("decision_id", m.decisionId()).append("reservation_id", m.reservationId())
                .append("blocked", m.blockedCodes()).append("staged_at", date(m.stagedAt()))
                .append("contacted_at", date(m.contactedAt())).append("responses", List.copyOf(m.responses()))
                .append("revenue_minor", m.revenueMinor());
    }

    static CampaignMember member(Document d) {
        List<String> blocked = d.getList("blocked", String.class);
        List<String> responses = d.getList("responses", String.class);
        Number revenue = d.get("revenue_minor", Number.class);
        return new CampaignMember(d.getString("campaign_id"), d.getString("person_id"), d.getInteger("partition", 0),
                CampaignGroup.valueOf(d.getString("group")), MemberState.valueOf(d.getString("state")),
                string(d, "action_id"), string(d, "channel"), string(d, "decision_id"), string(d, "reservation_id"),
                blocked == null ? List.of() : blocked, instant(d, "staged_at"), instant(d, "contacted_at"),
                responses == null ? java.util.Set.of() : new HashSet<>(responses),
                revenue == null ? 0 : revenue.longValue(), content(d.get("content", Document.class)));
    }

    private static RenderedContent content(Document c) {
        return c == null ? null : new RenderedContent(c.getString("channel"), string(c, "language"),
                string(c, "subject"), string(c, "body"), string(c, "type"));
    }
}
