package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.crowsnest.platform.mongo.MongoWrites;

/**
 * The persons scoring holds ({@code persons}), registered at their first event: the population
 * that segment backfills walk and the view counts.
 */
@ApplicationScoped
public class PersonRegistry {

    private static final int PAGE = 500;

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> persons;

    @PostConstruct
    void init() {
        persons = database.getCollection("persons");
    }

    public void register(String personId, Instant at) {
        MongoWrites.insertNew(persons, new Document("_id", personId).append("since", Date.from(at)));
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

    /** Calls back for every person, in id order, a page at a time (the walk of backfills and boundaries). */
    public void forEach(Consumer<String> action) {
        String after = "";
        List<String> page;
        do {
            page = new ArrayList<>();
            for (Document d : persons.find(gt("_id", after)).sort(Sorts.ascending("_id")).limit(PAGE)) {
                page.add(d.getString("_id"));
            }
            page.forEach(action);
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == PAGE);
    }
}
