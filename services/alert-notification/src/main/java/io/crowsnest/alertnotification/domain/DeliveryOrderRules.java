package io.crowsnest.alertnotification.domain;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a delivery order needs before any peer is asked (the content's limits per channel are
 * checked after rendering, by {@link Message#checkedFor}): a channel messages go out on, a template
 * of the service with well-named variables or rendered content, and references of up to 64
 * characters. A channel that is no message channel is null in the order, as are both contents when
 * none was given; a variable given as JSON null is null.
 */
public final class DeliveryOrderRules {

    public static final Pattern TEMPLATE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    public static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private DeliveryOrderRules() {
    }

    public static void check(Fields.Problems p, DeliveryOrder o) {
        if (o.channel() == null) {
            p.add("channel", "CHANNEL_EMAIL, CHANNEL_SMS or CHANNEL_PUSH");
        }
        if (o.template() != null) {
            template(p, o.template());
        } else if (o.rendered() != null) {
            rendered(p, o.rendered());
        } else {
            p.add("content", "template or rendered required");
        }
        Fields.text(p, "campaign_id", o.refs().campaignId(), 0, 64);
        Fields.text(p, "decision_id", o.refs().decisionId(), 0, 64);
        Fields.text(p, "action_id", o.refs().actionId(), 0, 64);
    }

    private static void template(Fields.Problems p, DeliveryOrder.TemplateRef t) {
        if (!TEMPLATE_ID.matcher(t.templateId()).matches()) {
            p.add("template.template_id", "must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        if (!t.language().isEmpty() && !LANGUAGE.matcher(t.language()).matches()) {
            p.add("template.language", "not a BCP 47 language tag");
        }
        if (t.variables().size() > 64) {
            p.add("template.variables", "at most 64 variables");
        }
        for (Map.Entry<String, Object> e : t.variables().entrySet()) {
            String field = "template.variables[\"" + e.getKey() + "\"]";
            if (!VARIABLE.matcher(e.getKey()).matches()) {
                p.add(field, "key must match [a-z][a-z0-9_]{0,63}");
            } else if (e.getValue() == null) {
                p.add(field, "null is not a value");
            } else if (e.getValue() instanceof String s && s.length() > 4096) {
                p.add(field, "at most 4,096 characters");
            }
        }
    }

    private static void rendered(Fields.Problems p, Message m) {
        if (m.body().isBlank()) {
            p.add("rendered.body", "required");
        }
        if (!m.contentType().equals(Message.TEXT) && !m.contentType().equals(Message.HTML)) {
            p.add("rendered.content_type", "text/plain or text/html");
        }
        if (!m.language().isEmpty() && !LANGUAGE.matcher(m.language()).matches()) {
            p.add("rendered.language", "not a BCP 47 language tag");
        }
    }
}
