package io.crowsnest.decisioning.api;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.AnswerChoice;
import io.crowsnest.decisioning.v1.AnswerType;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/** The structural rules of an action spec (expressions and templates are compiled by the use case). */
final class ActionChecks {

    private static final Set<Channel> HTML_CHANNELS = Set.of(Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB,
            Channel.CHANNEL_MOBILE_APP);

    private ActionChecks() {
    }

    static void spec(ActionSpec s, String currency, Set<String> divisions, Instant now, Violations v) {
        String p = "spec.";
        if (s.getKind() == ActionKind.ACTION_KIND_UNSPECIFIED || s.getKind() == ActionKind.UNRECOGNIZED) {
            v.add(p + "kind", "is required: OFFER, QUESTION, RETENTION, SERVICE_MESSAGE or NEXT_STEP");
        }
        if (s.getName().isBlank()) {
            v.add(p + "name", "is required");
        }
        Checks.length(s.getName(), 100, p + "name", v);
        Checks.length(s.getDescription(), 2000, p + "description", v);
        for (String[] e : new String[][] {{s.getEligibilityExpression(), "eligibility_expression"},
                {s.getPropensityExpression(), "propensity_expression"}, {s.getValueExpression(), "value_expression"},
                {s.getContextWeightExpression(), "context_weight_expression"}}) {
            Checks.length(e[0], 4096, p + e[1], v);
        }
        if (s.getPriority() < 0 || s.getPriority() > 1000) {
            v.add(p + "priority", "must be 0 to 1,000, got " + s.getPriority());
        }
        if (s.hasValue()) {
            if (!s.getValue().getCurrencyCode().equals(currency)) {
                v.add(p + "value.currency_code", "must be the reporting currency " + currency + ", got '"
                        + s.getValue().getCurrencyCode() + "'");
            }
            if (s.getValue().getAmountMinor() < 0) {
                v.add(p + "value.amount_minor", "must not be negative");
            }
        }
        if (s.hasLever() && (s.getLever() < 0 || s.getLever() > 10 || Double.isNaN(s.getLever()))) {
            v.add(p + "lever", "must be 0 to 10, got " + s.getLever());
        }
        channels(s, v);
        if (s.getDivision().getId().isEmpty()) {
            v.add(p + "division.id", "is required");
        } else if (!Checks.DIVISION_ID.matcher(s.getDivision().getId()).matches()) {
            v.add(p + "division.id", "'" + Checks.abbreviate(s.getDivision().getId()) + "' is not a division id "
                    + "([a-z0-9-]{1,40})");
        } else if (!divisions.isEmpty() && !divisions.contains(s.getDivision().getId())) {
            v.add(p + "division.id", "division '" + s.getDivision().getId() + "' is unknown to the governance "
                    + "policy; known: " + String.join(", ", divisions));
        }
        if (s.hasValidity()) {
            if (s.getValidity().hasStart() && s.getValidity().hasEnd()
                    && !ProtoValues.instant(s.getValidity().getEnd()).isAfter(ProtoValues.instant(s.getValidity().getStart()))) {
                v.add(p + "validity.end", "must be after validity.start");
            } else if (s.getValidity().hasEnd() && !ProtoValues.instant(s.getValidity().getEnd()).isAfter(now)) {
                v.add(p + "validity.end", "is already past");
            }
        }
        boolean needsCategory = s.getKind() == ActionKind.ACTION_KIND_OFFER
                || s.getKind() == ActionKind.ACTION_KIND_RETENTION || s.getKind() == ActionKind.ACTION_KIND_SERVICE_MESSAGE;
        if (needsCategory && s.getContactCategory() == ContactCategory.CONTACT_CATEGORY_UNSPECIFIED) {
            v.add(p + "contact_category", "is required for " + s.getKind().name().substring(12) + " actions");
        }
        question(s, v);
        if (!s.getProductId().isEmpty() && !Checks.SIMPLE_ID.matcher(s.getProductId()).matches()) {
            v.add(p + "product_id", "is not a product id ([A-Za-z0-9._-]{1,64})");
        }
        if (!s.getReasonCode().isEmpty() && !Checks.REASON_CODE.matcher(s.getReasonCode()).matches()) {
            v.add(p + "reason_code", "must be an upper-snake code of up to 64 characters");
        }
        Checks.length(s.getReasonTemplate(), 1000, p + "reason_template", v);
        if (s.hasDeclineCooldown() && (s.getDeclineCooldown().getLength() < 1
                || s.getDeclineCooldown().getUnitValue() < 1 || s.getDeclineCooldown().getUnitValue() > 4)) {
            v.add(p + "decline_cooldown", "needs a length of at least 1 and a unit (HOURS, DAYS, WEEKS, MONTHS)");
        }
    }

    private static void channels(ActionSpec s, Violations v) {
        if (s.getChannelsCount() == 0) {
            v.add("spec.channels", "needs at least one channel");
        }
        Set<Channel> seen = new HashSet<>();
        for (int i = 0; i < s.getChannelsCount(); i++) {
            Channel c = s.getChannels(i);
            if (c == Channel.CHANNEL_UNSPECIFIED || c == Channel.UNRECOGNIZED) {
                v.add("spec.channels[" + i + "]", "is unspecified");
            } else if (!seen.add(c)) {
                v.add("spec.channels[" + i + "]", c.name() + " is listed twice");
            }
        }
        if (s.getTemplatesCount() > 50) {
            v.add("spec.templates", "at most 50 templates");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < s.getTemplatesCount(); i++) {
            MessageTemplate t = s.getTemplates(i);
            String f = "spec.templates[" + i + "]";
            if (!seen.contains(t.getChannel())) {
                v.add(f + ".channel", t.getChannel().name() + " is not one of the action's channels");
            }
            if (!keys.add(t.getChannel() + "|" + t.getLanguage())) {
                v.add(f, "a second template for " + t.getChannel().name() + " and language '" + t.getLanguage() + "'");
            }
            if (t.getBody().isEmpty()) {
                v.add(f + ".body", "is required");
            }
            Checks.length(t.getBody(), t.getChannel() == Channel.CHANNEL_SMS ? 1600 : 65536, f + ".body", v);
            Checks.length(t.getSubject(), 500, f + ".subject", v);
            if (t.getChannel() == Channel.CHANNEL_SMS && !t.getSubject().isEmpty()) {
                v.add(f + ".subject", "must be empty for SMS");
            }
            if (!t.getContentType().isEmpty() && !t.getContentType().equals("text/plain")
                    && !t.getContentType().equals("text/html")) {
                v.add(f + ".content_type", "must be text/plain or text/html");
            } else if (t.getContentType().equals("text/html") && !HTML_CHANNELS.contains(t.getChannel())) {
                v.add(f + ".content_type", "html only on email, web and mobile app");
            }
        }
    }

    private static void question(ActionSpec s, Violations v) {
        boolean isQuestion = s.getKind() == ActionKind.ACTION_KIND_QUESTION;
        if (isQuestion != s.hasQuestion()) {
            v.add("spec.question", isQuestion ? "is required for a QUESTION action" : "is only for QUESTION actions");
            return;
        }
        if (!s.hasQuestion()) {
            return;
        }
        var q = s.getQuestion();
        if (!Checks.SIMPLE_ID.matcher(q.getQuestionId()).matches()) {
            v.add("spec.question.question_id", "is required: [A-Za-z0-9._-]{1,64}");
        }
        boolean choice = q.getAnswerType() == AnswerType.ANSWER_TYPE_SINGLE_CHOICE
                || q.getAnswerType() == AnswerType.ANSWER_TYPE_MULTIPLE_CHOICE;
        if (q.getAnswerType() == AnswerType.ANSWER_TYPE_UNSPECIFIED || q.getAnswerType() == AnswerType.UNRECOGNIZED) {
            v.add("spec.question.answer_type", "is required");
        } else if (choice && (q.getChoicesCount() < 2 || q.getChoicesCount() > 50)) {
            v.add("spec.question.choices", "a choice question needs 2 to 50 choices");
        } else if (!choice && q.getChoicesCount() > 0) {
            v.add("spec.question.choices", "only choice questions have choices");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < q.getChoicesCount(); i++) {
            AnswerChoice c = q.getChoices(i);
            if (!Checks.SIMPLE_ID.matcher(c.getChoiceId()).matches() || !ids.add(c.getChoiceId())) {
                v.add("spec.question.choices[" + i + "].choice_id", "must be a unique [A-Za-z0-9._-]{1,64}");
            }
            Checks.length(c.getLabel(), 200, "spec.question.choices[" + i + "].label", v);
        }
    }
}
