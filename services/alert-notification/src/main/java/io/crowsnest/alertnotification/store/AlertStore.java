package io.crowsnest.alertnotification.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.AlertState;
import io.crowsnest.alertnotification.domain.InboxQuery;

/** Alerts in MongoDB (collection {@code alerts}), one document per alert keyed by its id. */
@ApplicationScoped
public class AlertStore {

    private final MongoCollection<Document> alerts;

    @Inject
    public AlertStore(MongoDatabase database) {
        this.alerts = database.getCollection("alerts");
        alerts.createIndex(Indexes.compoundIndex(Indexes.ascending("inbox"), Indexes.descending("publishedAt")));
        alerts.createIndex(Indexes.ascending("personId"));
        alerts.createIndex(Indexes.ascending("feedPending"));
    }

    /** Stores a new alert, marked as not yet on the feed. */
    public void insert(Alert alert) {
        // "appending": the publishing call appends it in a moment; the repair sweep leaves it alone
        // unless that call died before it could (see notOnFeed)
        alerts.insertOne(AlertDocuments.toDocument(alert).append("feedPending", APPENDING));
    }

    /** Records the feed offset of an alert's publication. */
    public void appended(String alertId, long offset) {
        alerts.updateOne(eq("_id", alertId), Updates.combine(Updates.set("offset", offset),
                Updates.unset("feedPending")));
    }

    /** Records that an alert's append failed (Redis down): the repair sweep appends it once Redis is back. */
    public void appendFailed(String alertId) {
        alerts.updateOne(eq("_id", alertId), Updates.set("feedPending", true));
    }

    /**
     * Alerts stored but not on the feed, oldest first: those whose append failed, and those whose
     * publishing call stopped before appending (published before {@code abandonedBefore}). An alert
     * its publishing call is still appending is left to that call, so that it is appended once.
     */
    public List<Alert> notOnFeed(int max, java.time.Instant abandonedBefore) {
        return alerts.find(com.mongodb.client.model.Filters.or(eq("feedPending", true),
                com.mongodb.client.model.Filters.and(eq("feedPending", APPENDING),
                        com.mongodb.client.model.Filters.lt("publishedAt", java.util.Date.from(abandonedBefore)))))
                .sort(Sorts.ascending("publishedAt")).limit(max)
                .map(AlertDocuments::fromDocument).into(new ArrayList<>());
    }

    private static final String APPENDING = "appending";

    public Optional<Alert> find(String id) {
        return Optional.ofNullable(alerts.find(eq("_id", id)).first()).map(AlertDocuments::fromDocument);
    }

    /**
     * Replaces an alert if it is still at the version it was read at; false when another writer
     * changed it meanwhile (the caller reads again and re-applies its rule).
     */
    public boolean replace(Alert changed, long readVersion) {
        Document doc = AlertDocuments.toDocument(changed);
        return alerts.replaceOne(and(eq("_id", changed.id()), eq("version", readVersion)), doc)
                .getModifiedCount() == 1;
    }

    /** One page of an inbox listing, newest first, after the cursor of the previous page. */
    public List<Alert> list(InboxQuery query, Instant now, InboxQuery.Cursor after, int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(in("inbox", query.inboxKeys()));
        if (!query.states().isEmpty()) {
            filters.add(in("state", query.states().stream().map(Enum::name).toList()));
        }
        if (!query.kinds().isEmpty()) {
            filters.add(in("kind", query.kinds().stream().map(Enum::name).toList()));
        }
        if (!query.personId().isEmpty()) {
            filters.add(eq("personId", query.personId()));
        }
        if (!query.includeExpired()) {
            filters.add(gt("expiresAt", Dates.of(now)));
        }
        if (after != null) {
            filters.add(or(lt("publishedAt", Dates.of(after.publishedAt())),
                    and(eq("publishedAt", Dates.of(after.publishedAt())), lt("_id", after.alertId()))));
        }
        return alerts.find(and(filters)).sort(Sorts.descending("publishedAt", "_id")).limit(limit)
                .map(AlertDocuments::fromDocument).into(new ArrayList<>());
    }

    /** Unexpired UNREAD alerts in the inboxes. */
    public long unread(Collection<String> inboxKeys, Instant now) {
        return alerts.countDocuments(and(in("inbox", inboxKeys), eq("state", AlertState.UNREAD.name()),
                gt("expiresAt", Dates.of(now))));
    }

    /** Every alert about these persons. */
    public List<Alert> about(Collection<String> personIds) {
        return alerts.find(in("personId", personIds)).map(AlertDocuments::fromDocument).into(new ArrayList<>());
    }

    public void delete(String alertId) {
        alerts.deleteOne(eq("_id", alertId));
    }

    /** Deletes alerts expired before the cutoff (retention); returns how many. */
    public long deleteExpiredBefore(Instant cutoff) {
        return alerts.deleteMany(lt("expiresAt", Dates.of(cutoff))).getDeletedCount();
    }
}
