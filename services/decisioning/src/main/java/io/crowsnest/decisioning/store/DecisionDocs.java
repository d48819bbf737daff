package io.crowsnest.decisioning.store;

import static io.crowsnest.decisioning.store.Docs.date;
import static io.crowsnest.decisioning.store.Docs.instant;
import static io.crowsnest.decisioning.store.Docs.string;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.ActionSnapshot;
import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.decisioning.domain.DecisionContext;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.Factor;
import io.crowsnest.decisioning.domain.GovernanceView;
import io.crowsnest.decisioning.domain.Question;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.domain.Ranking;
import io.crowsnest.decisioning.domain.RejectedAction;
import io.crowsnest.decisioning.domain.RenderedContent;

/**
 * Decisions as documents: the decision log an auditor reads. Governance's verdicts are kept once
 * per decision in {@code verdicts}, and each candidate names its verdict by position
 * ({@code verdict}): the candidates of one division and category share one verdict, so a decision
 * that explains 50 candidates does not store the same verdict dozens of times. Decisions logged
 * before that keep the verdict inline ({@code governance}) and read the same.
 */
final class DecisionDocs {

    private DecisionDocs() {
    }

    static Document decision(Decision d) {
        Verdicts verdicts = new Verdicts();
        DecisionContext c = d.context();
        return new Document("_id", d.id()).append("person_id", d.personId()).append("channel", d.channel())
                .append("decided_at", date(d.decidedAt())).append("campaign_id", d.campaignId())
                .append("context", new Document("direction", c.direction().name()).append("division", c.division())
                        .append("agent_id", c.agentId()).append("placement", c.placement())
                        .append("session_id", c.sessionId()).append("time_zone", c.timeZone())
                        .append("properties", new Document(new LinkedHashMap<>(c.properties()))))
                .append("actions", d.actions().stream().map(r -> ranked(r, verdicts)).toList())
                .append("rejected", d.rejected().stream().map(r -> rejected(r, verdicts)).toList())
                .append("verdicts", verdicts.docs)
                .append("warnings", Docs.reasons(d.warnings()));
    }

    static Decision decision(Document d) {
        Document c = d.get("context", Document.class);
        Map<String, Object> properties = new LinkedHashMap<>(c.get("properties", Document.class));
        DecisionContext context = new DecisionContext(Direction.valueOf(c.getString("direction")),
                string(c, "division"), string(c, "agent_id"), string(c, "placement"), string(c, "session_id"),
                string(c, "time_zone"), properties);
        List<GovernanceView> verdicts = Docs.list(d, "verdicts", DecisionDocs::governance);
        return new Decision(d.getString("_id"), d.getString("person_id"), d.getString("channel"), context,
                Docs.list(d, "actions", a -> ranked(a, verdicts)), Docs.list(d, "rejected", r -> rejected(r, verdicts)),
                Docs.reasons(d, "warnings"), instant(d, "decided_at"), string(d, "campaign_id"));
    }

    /** The verdicts of one decision, each kept once, in the order the candidates first name them. */
    private static final class Verdicts {
        private final Map<GovernanceView, Integer> positions = new HashMap<>();
        private final List<Document> docs = new ArrayList<>();

        /** Names the candidate's verdict (none when governance gave it none). */
        Document name(Document candidate, GovernanceView verdict) {
            if (verdict != null) {
                candidate.append("verdict", positions.computeIfAbsent(verdict, v -> {
                    docs.add(governance(v));
                    return docs.size() - 1;
                }));
            }
            return candidate;
        }
    }

    /** The candidate's verdict: by position in the decision's verdicts, or inline (logged before). */
    private static GovernanceView verdict(Document candidate, List<GovernanceView> verdicts) {
        Integer position = candidate.getInteger("verdict");
        return position != null ? verdicts.get(position) : governance(candidate.get("governance", Document.class));
    }

    private static Document ranked(RankedAction r, Verdicts verdicts) {
        Document d = new Document("rank", r.rank()).append("action", snapshot(r.action(), true))
                .append("reason", Docs.reason(r.reason())).append("ranking", ranking(r.ranking()))
                .append("propensity", r.propensity()).append("value", Docs.money(r.value()))
                .append("expected_value", Docs.money(r.expectedValue())).append("capped", r.capped())
                .append("content", content(r.content()));
        return verdicts.name(d, r.governance());
    }

    private static RankedAction ranked(Document d, List<GovernanceView> verdicts) {
        return new RankedAction(d.getInteger("rank"), snapshot(d.get("action", Document.class)),
                Docs.reason(d.get("reason", Document.class)), ranking(d.get("ranking", Document.class)),
                d.getDouble("propensity"), Docs.money(d.get("value", Document.class)),
                Docs.money(d.get("expected_value", Document.class)), verdict(d, verdicts),
                d.getBoolean("capped", false), content(d.get("content", Document.class)));
    }

    private static Document rejected(RejectedAction r, Verdicts verdicts) {
        return verdicts.name(new Document("action", snapshot(r.action(), false))
                .append("reasons", Docs.reasons(r.reasons())).append("propensity", r.propensity()), r.governance());
    }

    private static RejectedAction rejected(Document d, List<GovernanceView> verdicts) {
        return new RejectedAction(snapshot(d.get("action", Document.class)), Docs.reasons(d, "reasons"),
                verdict(d, verdicts), d.getDouble("propensity"));
    }

    /** The action as the decision saw it; a left-out candidate is kept without its description. */
    private static Document snapshot(ActionSnapshot a, boolean full) {
        Document d = new Document("id", a.id()).append("version", a.version()).append("kind", a.kind().name())
                .append("name", a.name()).append("description", full ? a.description() : "")
                .append("priority", a.priority())
                .append("category", a.category()).append("division", a.division()).append("product_id", a.productId());
        if (a.question() != null) {
            d.append("question", new Document("question_id", a.question().questionId())
                    .append("answer_type", a.question().answerType()).append("choices", a.question().choices().stream()
                            .map(c -> new Document("id", c.id()).append("label", c.label())).toList()));
        }
        return d;
    }

    private static ActionSnapshot snapshot(Document d) {
        Document q = d.get("question", Document.class);
        Question question = q == null ? null
                : new Question(q.getString("question_id"), q.getString("answer_type"),
                        Docs.list(q, "choices", c -> new Question.Choice(c.getString("id"), c.getString("label"))));
        return new ActionSnapshot(d.getString("id"), d.getInteger("version"), ActionKind.valueOf(d.getString("kind")),
                d.getString("name"), string(d, "description"), d.getInteger("priority", 0), string(d, "category"),
                string(d, "division"), string(d, "product_id"), question);
    }

    private static Document ranking(Ranking r) {
        return new Document("priority", r.priority()).append("exploration", r.exploration())
                .append("factors", r.factors().stream().map(f -> new Document("name", f.name())
                        .append("value", f.value()).append("source", f.source())
                        .append("figures", new Document(new LinkedHashMap<>(f.figures())))).toList());
    }

    private static Ranking ranking(Document d) {
        return new Ranking(d.getInteger("priority", 0), Docs.list(d, "factors", f -> {
            Map<String, String> figures = new LinkedHashMap<>();
            f.get("figures", Document.class).forEach((k, v) -> figures.put(k, String.valueOf(v)));
            return new Factor(f.getString("name"), f.getDouble("value"), f.getString("source"), figures);
        }), d.getBoolean("exploration", false));
    }

    private static Document governance(GovernanceView g) {
        return g == null ? null
                : new Document("allowed", g.allowed()).append("blocking", Docs.reasons(g.blocking()))
                        .append("notes", Docs.reasons(g.notes())).append("next_allowed_at", date(g.nextAllowedAt()))
                        .append("indefinitely", g.indefinitely()).append("policy_version", g.policyVersion())
                        .append("checked_at", date(g.checkedAt()));
    }

    private static GovernanceView governance(Document d) {
        return d == null ? null
                : new GovernanceView(d.getBoolean("allowed"), Docs.reasons(d, "blocking"), Docs.reasons(d, "notes"),
                        instant(d, "next_allowed_at"), d.getBoolean("indefinitely", false),
                        string(d, "policy_version"), instant(d, "checked_at"));
    }

    private static Document content(RenderedContent c) {
        return c == null ? null
                : new Document("channel", c.channel()).append("language", c.language()).append("subject", c.subject())
                        .append("body", c.body()).append("content_type", c.contentType());
    }

    private static RenderedContent content(Document d) {
        return d == null ? null
                : new RenderedContent(d.getString("channel"), string(d, "language"), string(d, "subject"),
                        d.getString("body"), string(d, "content_type"));
    }
}
