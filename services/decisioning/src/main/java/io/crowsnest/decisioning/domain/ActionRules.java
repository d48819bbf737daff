package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What makes an action spec well-formed (its expressions and templates are compiled by the use
 * case): one violation per bad field, paths as in the request ("spec.channels[1]"). Enum values the
 * caller left unset arrive as "UNSPECIFIED" (or "UNRECOGNIZED" for a number the contract does not
 * know), an unset kind as null.
 */
public final class ActionRules {

    private static final Set<String> HTML_CHANNELS = Set.of("EMAIL", "WEB", "MOBILE_APP");
    private static final Set<String> WINDOW_UNITS = Set.of("HOURS", "DAYS", "WEEKS", "MONTHS");

    /** Action ids that would shadow, or be shadowed by, a route of the catalogue's HTTP API. */
    public static final Set<String> RESERVED_IDS = Set.of("changes");

    private ActionRules() {
    }

    /** The id of a new action: well-formed and not reserved. */
    public static void newId(String id, FieldChecks v) {
        v.matches(id, FieldChecks.ACTION_ID, "action_id", "an action id ([a-z0-9][a-z0-9._-]{0,63})");
        if (RESERVED_IDS.contains(id)) {
            v.add("action_id", "'" + id + "' is reserved (the gateway's /admin/actions/" + id
                    + " route); choose another id");
        }
    }

    /** True for an enum value the caller did not set or the contract does not know. */
    public static boolean unset(String enumName) {
        return enumName.isEmpty() || enumName.equals("UNSPECIFIED") || enumName.equals("UNRECOGNIZED");
    }

    /** The contract's name of a channel, e.g. CHANNEL_EMAIL, for descriptions. */
    public static String channelName(String channel) {
        return channel.equals("UNRECOGNIZED") ? channel : "CHANNEL_" + channel;
    }

    public static void check(ActionSpec s, String currency, Set<String> divisions, Instant now, FieldChecks v) {
        String p = "spec.";
        if (s.kind() == null) {
            v.add(p + "kind", "is required: OFFER, QUESTION, RETENTION, SERVICE_MESSAGE or NEXT_STEP");
        }
        if (s.name().isBlank()) {
            v.add(p + "name", "is required");
        }
        v.length(s.name(), 100, p + "name");
        v.length(s.description(), 2000, p + "description");
        v.length(s.eligibility(), 4096, p + "eligibility_expression");
        v.length(s.propensity(), 4096, p + "propensity_expression");
        v.length(s.valueExpression(), 4096, p + "value_expression");
        v.length(s.contextWeight(), 4096, p + "context_weight_expression");
        if (s.priority() < 0 || s.priority() > 1000) {
            v.add(p + "priority", "must be 0 to 1,000, got " + s.priority());
        }
        if (s.value() != null) {
            if (!s.value().currency().equals(currency)) {
                v.add(p + "value.currency_code", "must be the reporting currency " + currency + ", got '"
                        + s.value().currency() + "'");
            }
            if (s.value().amountMinor() < 0) {
                v.add(p + "value.amount_minor", "must not be negative");
            }
        }
        if (s.lever() != null && (s.lever() < 0 || s.lever() > 10 || Double.isNaN(s.lever()))) {
            v.add(p + "lever", "must be 0 to 10, got " + s.lever());
        }
        channels(s, v);
        division(s.division(), divisions, v);
        if (s.validUntil() != null) {
            if (s.validFrom() != null && !s.validUntil().isAfter(s.validFrom())) {
                v.add(p + "validity.end", "must be after validity.start");
            } else if (!s.validUntil().isAfter(now)) {
                v.add(p + "validity.end", "is already past");
            }
        }
        if (s.kind() != null && s.kind().requiresCategory() && s.category().isEmpty()) {
            v.add(p + "contact_category", "is required for " + s.kind().name() + " actions");
        } else if (s.category().equals("UNRECOGNIZED")) {
            v.add(p + "contact_category", "is not a contact category");
        }
        question(s, v);
        if (!s.productId().isEmpty() && !FieldChecks.SIMPLE_ID.matcher(s.productId()).matches()) {
            v.add(p + "product_id", "is not a product id ([A-Za-z0-9._-]{1,64})");
        }
        if (!s.reasonCode().isEmpty() && !FieldChecks.REASON_CODE.matcher(s.reasonCode()).matches()) {
            v.add(p + "reason_code", "must be an upper-snake code of up to 64 characters");
        }
        v.length(s.reasonTemplate(), 1000, p + "reason_template");
        if (s.cooldown() != null && (s.cooldown().length() < 1 || !WINDOW_UNITS.contains(s.cooldown().unit()))) {
            v.add(p + "decline_cooldown", "needs a length of at least 1 and a unit (HOURS, DAYS, WEEKS, MONTHS)");
        }
    }

    private static void division(String division, Set<String> divisions, FieldChecks v) {
        if (division.isEmpty()) {
            v.add("spec.division.id", "is required");
        } else if (!FieldChecks.DIVISION_ID.matcher(division).matches()) {
            v.add("spec.division.id", "'" + FieldChecks.abbreviate(division) + "' is not a division id "
                    + "([a-z0-9-]{1,40})");
        } else if (!divisions.isEmpty() && !divisions.contains(division)) {
            v.add("spec.division.id", "division '" + division + "' is unknown to the governance "
                    + "policy; known: " + String.join(", ", divisions));
        }
    }

    private static void channels(ActionSpec s, FieldChecks v) {
        if (s.channels().isEmpty()) {
            v.add("spec.channels", "needs at least one channel");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.channels().size(); i++) {
            String c = s.channels().get(i);
            if (unset(c)) {
                v.add("spec.channels[" + i + "]", "is unspecified");
            } else if (!seen.add(c)) {
                v.add("spec.channels[" + i + "]", channelName(c) + " is listed twice");
            }
        }
        if (s.templates().size() > 50) {
            v.add("spec.templates", "at most 50 templates");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < s.templates().size(); i++) {
            MessageTemplate t = s.templates().get(i);
            String f = "spec.templates[" + i + "]";
            if (!seen.contains(t.channel())) {
                v.add(f + ".channel", channelName(t.channel()) + " is not one of the action's channels");
            }
            if (!keys.add(t.channel() + "|" + t.language())) {
                v.add(f, "a second template for " + channelName(t.channel()) + " and language '" + t.language()
                        + "'");
            }
            if (t.body().isEmpty()) {
                v.add(f + ".body", "is required");
            }
            v.length(t.body(), t.channel().equals("SMS") ? 1600 : 65536, f + ".body");
            v.length(t.subject(), 500, f + ".subject");
            if (t.channel().equals("SMS") && !t.subject().isEmpty()) {
                v.add(f + ".subject", "must be empty for SMS");
            }
            if (!t.contentType().isEmpty() && !t.contentType().equals("text/plain")
                    && !t.contentType().equals("text/html")) {
                v.add(f + ".content_type", "must be text/plain or text/html");
            } else if (t.contentType().equals("text/html") && !HTML_CHANNELS.contains(t.channel())) {
                v.add(f + ".content_type", "html only on email, web and mobile app");
            }
        }
    }

    private static void question(ActionSpec s, FieldChecks v) {
        boolean isQuestion = s.kind() == ActionKind.QUESTION;
        if (isQuestion != (s.question() != null)) {
            v.add("spec.question", isQuestion ? "is required for a QUESTION action" : "is only for QUESTION actions");
            return;
        }
        if (s.question() == null) {
            return;
        }
        Question q = s.question();
        if (!FieldChecks.SIMPLE_ID.matcher(q.questionId()).matches()) {
            v.add("spec.question.question_id", "is required: [A-Za-z0-9._-]{1,64}");
        }
        boolean choice = q.answerType().equals("SINGLE_CHOICE") || q.answerType().equals("MULTIPLE_CHOICE");
        if (unset(q.answerType())) {
            v.add("spec.question.answer_type", "is required");
        } else if (choice && (q.choices().size() < 2 || q.choices().size() > 50)) {
            v.add("spec.question.choices", "a choice question needs 2 to 50 choices");
        } else if (!choice && !q.choices().isEmpty()) {
            v.add("spec.question.choices", "only choice questions have choices");
        }
        Set<String> ids = new HashSet<>();
        List<Question.Choice> choices = q.choices();
        for (int i = 0; i < choices.size(); i++) {
            Question.Choice c = choices.get(i);
            if (!FieldChecks.SIMPLE_ID.matcher(c.id()).matches() || !ids.add(c.id())) {
                v.add("spec.question.choices[" + i + "].choice_id", "must be a unique [A-Za-z0-9._-]{1,64}");
            }
            v.length(c.label(), 200, "spec.question.choices[" + i + "].label");
        }
    }
}
