package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

/**
 * The persons scoring holds ({@code persons}), registered at their first event: the population
 * that segment backfills walk and the view counts.
 */
@ApplicationScoped
public class PersonRegistry {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> persons;

    @PostConstruct
    void init() {
        persons = database.getCollection("persons");
    }

    public void register(String personId, Instant at) {
        ProtoDocs.insertNew(persons, new Document("_id", personId).append("since", Date.from(at)));
    }

    public boolean known(String personId) {
        return persons.find(eq("_id", personId)).first() != null;
    }

    public void remove(String personId) {
        persons.deleteOne(eq("_id", personId));
    }

    public long count() {
        return persons.countDocuments();
    }

    /** Person ids after the given one (exclusive; "" for the first page), in id order. */
    public List<String> after(String personId, int limit) {
        List<String> ids = new ArrayList<>();
        persons.find(gt("_id", personId)).sort(Sorts.ascending("_id")).limit(limit)
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }
}
