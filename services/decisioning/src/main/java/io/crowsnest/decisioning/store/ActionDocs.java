package io.crowsnest.decisioning.store;

import static io.crowsnest.decisioning.store.Docs.date;
import static io.crowsnest.decisioning.store.Docs.instant;
import static io.crowsnest.decisioning.store.Docs.string;

import org.bson.Document;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.ActionSpec;
import io.crowsnest.decisioning.domain.MessageTemplate;
import io.crowsnest.decisioning.domain.Question;
import io.crowsnest.decisioning.domain.Window;

/** Action versions as documents. */
final class ActionDocs {

    private ActionDocs() {
    }

    /** _id of a version: the action id and the zero-padded version, so that ids sort as versions do. */
    static String versionId(String actionId, int version) {
        return actionId + "@" + String.format("%06d", version);
    }

    static Document version(Action a) {
        return new Document("_id", versionId(a.id(), a.version())).append("action_id", a.id())
                .append("version", a.version()).append("spec", spec(a.spec())).append("created_at", date(a.createdAt()))
                .append("created_by", a.createdBy()).append("change_note", a.changeNote());
    }

    static Action version(Document d, Action.Retirement retirement) {
        return new Action(d.getString("action_id"), d.getInteger("version"), spec(d.get("spec", Document.class)),
                instant(d, "created_at"), d.getString("created_by"), string(d, "change_note"), retirement);
    }

    static Document spec(ActionSpec s) {
        Document d = new Document("kind", s.kind().name()).append("name", s.name())
                .append("description", s.description()).append("eligibility", s.eligibility())
                .append("propensity", s.propensity()).append("priority", s.priority())
                .append("value", Docs.money(s.value())).append("channels", s.channels())
                .append("division", s.division()).append("valid_from", date(s.validFrom()))
                .append("valid_until", date(s.validUntil())).append("category", s.category())
                .append("templates", s.templates().stream().map(ActionDocs::template).toList())
                .append("product_id", s.productId()).append("reason_code", s.reasonCode())
                .append("reason_template", s.reasonTemplate()).append("value_expression", s.valueExpression())
                .append("lever", s.lever()).append("context_weight", s.contextWeight());
        if (s.question() != null) {
            d.append("question", new Document("question_id", s.question().questionId())
                    .append("answer_type", s.question().answerType())
                    .append("choices", s.question().choices().stream()
                            .map(c -> new Document("id", c.id()).append("label", c.label())).toList()));
        }
        if (s.cooldown() != null) {
            d.append("cooldown", new Document("length", s.cooldown().length()).append("unit", s.cooldown().unit()));
        }
        return d;
    }

    static ActionSpec spec(Document d) {
        Document q = d.get("question", Document.class);
        Question question = q == null ? null
                : new Question(q.getString("question_id"), q.getString("answer_type"), Docs.list(q, "choices",
                        c -> new Question.Choice(c.getString("id"), c.getString("label"))));
        Document c = d.get("cooldown", Document.class);
        Window cooldown = c == null ? null : new Window(c.getInteger("length"), c.getString("unit"));
        Number lever = d.get("lever", Number.class);
        return new ActionSpec(ActionKind.valueOf(d.getString("kind")), d.getString("name"), string(d, "description"),
                string(d, "eligibility"), string(d, "propensity"), d.getInteger("priority", 0),
                Docs.money(d.get("value", Document.class)), d.getList("channels", String.class), d.getString("division"),
                instant(d, "valid_from"), instant(d, "valid_until"), string(d, "category"),
                Docs.list(d, "templates", ActionDocs::template), question, string(d, "product_id"),
                string(d, "reason_code"), string(d, "reason_template"), cooldown, string(d, "value_expression"),
                lever == null ? null : lever.doubleValue(), string(d, "context_weight"));
    }

    private static Document template(MessageTemplate t) {
        return new Document("channel", t.channel()).append("language", t.language()).append("subject", t.subject())
                .append("body", t.body()).append("content_type", t.contentType());
    }

    private static MessageTemplate template(Document d) {
        return new MessageTemplate(d.getString("channel"), string(d, "language"), string(d, "subject"),
                d.getString("body"), string(d, "content_type"));
    }
}
