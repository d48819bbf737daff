package io.crowsnest.alertnotification.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import java.util.ArrayList;
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
import com.mongodb.client.model.Sorts;

import io.crowsnest.alertnotification.domain.Team;

/** Teams in MongoDB (collection {@code teams}), keyed by team id, written at a version. */
@ApplicationScoped
public class TeamStore {

    private final MongoCollection<Document> teams;

    @Inject
    public TeamStore(MongoDatabase database) {
        this.teams = database.getCollection("teams");
        teams.createIndex(Indexes.ascending("memberIds"));
    }

    public Optional<Team> find(String teamId) {
        return Optional.ofNullable(teams.find(eq("_id", teamId)).first()).map(TeamStore::team);
    }

    /**
     * Writes a team over the version it was read at (0 = it did not exist); false when another writer
     * got there first.
     */
    public boolean write(Team team, long readVersion) {
        Document doc = document(team);
        if (readVersion == 0) {
            try {
                teams.insertOne(doc);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return teams.replaceOne(and(eq("_id", team.id()), eq("version", readVersion)), doc).getModifiedCount() == 1;
    }

    /** Teams in id order after a team id, optionally only those an agent belongs to. */
    public List<Team> list(String agentId, String afterTeamId, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (!agentId.isEmpty()) {
            filters.add(eq("memberIds", agentId));
        }
        if (!afterTeamId.isEmpty()) {
            filters.add(gt("_id", afterTeamId));
        }
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        return teams.find(filter).sort(Sorts.ascending("_id")).limit(limit).map(TeamStore::team)
                .into(new ArrayList<>());
    }

    /** Ids of the teams an agent is a member of. */
    public List<String> teamsOf(String agentId) {
        return teams.find(eq("memberIds", agentId)).map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    private static Document document(Team t) {
        return new Document("_id", t.id()).append("displayName", t.displayName())
                .append("members", t.members().stream().map(m -> new Document("agentId", m.agentId())
                        .append("role", m.role().name()).append("onDuty", m.onDuty())
                        .append("onDutyChangedAt", Dates.of(m.onDutyChangedAt()))).toList())
                .append("memberIds", t.members().stream().map(Team.Member::agentId).toList())
                .append("version", t.version()).append("updatedAt", Dates.of(t.updatedAt()));
    }

    private static Team team(Document d) {
        List<Team.Member> members = d.getList("members", Document.class).stream()
                .map(m -> new Team.Member(m.getString("agentId"), Team.Role.valueOf(m.getString("role")),
                        m.getBoolean("onDuty"), Dates.instant(m.getDate("onDutyChangedAt"))))
                .toList();
        return new Team(d.getString("_id"), d.getString("displayName"), members,
                d.get("version", Number.class).longValue(), Dates.instant(d.getDate("updatedAt")));
    }
}
