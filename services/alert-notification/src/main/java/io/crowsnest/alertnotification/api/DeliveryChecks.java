package io.crowsnest.alertnotification.api;

import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.Value;

import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.alertnotification.v1.TemplateContent;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/** The checks of DeliverMessageRequest that need no peer (content limits per channel come after rendering). */
final class DeliveryChecks {

    static final Pattern TEMPLATE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private DeliveryChecks() {
    }

    static void check(DeliverMessageRequest r) {
        Violations v = new Violations();
        Checks.text(v, "reservation_id", r.getReservationId(), 1, 64);
        Checks.person(v, "person", r.hasPerson(), r.getPerson());
        Channel c = r.getChannel();
        if (c != Channel.CHANNEL_EMAIL && c != Channel.CHANNEL_SMS && c != Channel.CHANNEL_PUSH) {
            v.add("channel", "CHANNEL_EMAIL, CHANNEL_SMS or CHANNEL_PUSH");
        }
        switch (r.getContentCase()) {
            case TEMPLATE -> template(v, r.getTemplate());
            case RENDERED -> rendered(v, r.getRendered());
            default -> v.add("content", "template or rendered required");
        }
        Checks.text(v, "campaign_id", r.getCampaignId(), 0, 64);
        Checks.text(v, "decision_id", r.getDecisionId(), 0, 64);
        Checks.text(v, "action_id", r.getActionId(), 0, 64);
        Checks.idempotencyKey(v, r.getIdempotencyKey());
        v.throwIfAny();
    }

    private static void template(Violations v, TemplateContent t) {
        if (!TEMPLATE.matcher(t.getTemplateId()).matches()) {
            v.add("template.template_id", "must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        if (!t.getLanguage().isEmpty() && !LANGUAGE.matcher(t.getLanguage()).matches()) {
            v.add("template.language", "not a BCP 47 language tag");
        }
        if (t.getVariablesCount() > 64) {
            v.add("template.variables", "at most 64 variables");
        }
        for (Map.Entry<String, Value> e : t.getVariablesMap().entrySet()) {
            String field = "template.variables[\"" + e.getKey() + "\"]";
            if (!VARIABLE.matcher(e.getKey()).matches()) {
                v.add(field, "key must match [a-z][a-z0-9_]{0,63}");
            } else if (e.getValue().getKindCase() == Value.KindCase.NULL_VALUE
                    || e.getValue().getKindCase() == Value.KindCase.KIND_NOT_SET) {
                v.add(field, "null is not a value");
            } else if (e.getValue().getStringValue().length() > 4096) {
                v.add(field, "at most 4,096 characters");
            }
        }
    }

    private static void rendered(Violations v, RenderedMessage m) {
        if (m.getBody().isBlank()) {
            v.add("rendered.body", "required");
        }
        String type = m.getContentType();
        if (!type.isEmpty() && !type.equals("text/plain") && !type.equals("text/html")) {
            v.add("rendered.content_type", "text/plain or text/html");
        }
        if (!m.getLanguage().isEmpty() && !LANGUAGE.matcher(m.getLanguage()).matches()) {
            v.add("rendered.language", "not a BCP 47 language tag");
        }
    }
}
