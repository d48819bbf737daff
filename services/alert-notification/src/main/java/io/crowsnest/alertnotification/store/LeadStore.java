package io.crowsnest.alertnotification.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;

/**
 * Lead rules ({@code lead_rules}) and leads ({@code leads}, keyed by rule and transition offset: the
 * first insert of a lead wins, so a transition delivered twice, or to two instances, makes one lead).
 */
@ApplicationScoped
public class LeadStore {

    private final MongoCollection<Document> rules;
    private final MongoCollection<Document> leads;

    @Inject
    public LeadStore(MongoDatabase database) {
        this.rules = database.getCollection("lead_rules");
        this.leads = database.getCollection("leads");
        leads.createIndex(Indexes.compoundIndex(Indexes.ascending("teamId"), Indexes.descending("createdAt")));
        leads.createIndex(Indexes.ascending("personId"));
    }

    public void saveRule(LeadRule rule) {
        rules.replaceOne(eq("_id", rule.id()), LeadDocuments.rule(rule), new ReplaceOptions().upsert(true));
    }

    public Optional<LeadRule> rule(String ruleId) {
        return Optional.ofNullable(rules.find(eq("_id", ruleId)).first()).map(LeadDocuments::rule);
    }

    public List<LeadRule> rules(String teamId) {
        Bson filter = teamId.isEmpty() ? new Document() : eq("teamId", teamId);
        return rules.find(filter).sort(Sorts.ascending("_id")).map(LeadDocuments::rule).into(new ArrayList<>());
    }

    /** Stores a new lead; false when the lead (this rule, this transition) exists already. */
    public boolean insert(Lead lead) {
        try {
            leads.insertOne(LeadDocuments.lead(lead));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public void save(Lead lead) {
        leads.replaceOne(eq("_id", lead.id()), LeadDocuments.lead(lead), new ReplaceOptions().upsert(true));
    }

    public Optional<Lead> find(String leadId) {
        return Optional.ofNullable(leads.find(eq("_id", leadId)).first()).map(LeadDocuments::lead);
    }

    /** A team's leads, newest first, before a lead id cursor (created time, then id). */
    public List<Lead> list(String teamId, Collection<Lead.Status> statuses, String personId, String beforeId,
            int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq("teamId", teamId)));
        if (!statuses.isEmpty()) {
            filters.add(in("status", statuses.stream().map(Enum::name).toList()));
        }
        if (!personId.isEmpty()) {
            filters.add(eq("personId", personId));
        }
        if (!beforeId.isEmpty()) {
            filters.add(lt("_id", beforeId));
        }
        return leads.find(and(filters)).sort(Sorts.descending("_id")).limit(limit).map(LeadDocuments::lead)
                .into(new ArrayList<>());
    }

    public List<Lead> about(Collection<String> personIds) {
        return leads.find(in("personId", personIds)).map(LeadDocuments::lead).into(new ArrayList<>());
    }

    public void delete(String leadId) {
        leads.deleteOne(eq("_id", leadId));
    }
}
