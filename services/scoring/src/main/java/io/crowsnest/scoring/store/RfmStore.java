package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.eq;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

import io.crowsnest.scoring.domain.Quintiles;

/** The RFM quintile boundaries last computed over the population ({@code rfm_boundaries}, one document). */
@ApplicationScoped
public class RfmStore {

    private static final String ID = "current";

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> boundaries;

    @PostConstruct
    void init() {
        boundaries = database.getCollection("rfm_boundaries");
    }

    /** The boundaries and the model key they were computed under. */
    public record Stored(Quintiles quintiles, String modelKey) {
    }

    public Optional<Stored> current() {
        Document d = boundaries.find(eq("_id", ID)).first();
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(new Quintiles(d.getList("recency", Long.class), d.getList("frequency", Long.class),
                d.getList("monetary", Long.class), d.getDate("computedAt").toInstant(), d.getLong("population")),
                d.getString("modelKey")));
    }

    public void replace(Quintiles q, String modelKey) {
        boundaries.replaceOne(eq("_id", ID), new Document("_id", ID).append("recency", List.copyOf(q.recencySeconds()))
                .append("frequency", List.copyOf(q.frequencyCounts())).append("monetary", List.copyOf(q.monetaryMinor()))
                .append("computedAt", Date.from(q.computedAt())).append("population", q.population())
                .append("modelKey", modelKey), new ReplaceOptions().upsert(true));
    }
}
