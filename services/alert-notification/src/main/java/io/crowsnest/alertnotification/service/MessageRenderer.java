package io.crowsnest.alertnotification.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.DeliveryErrors;
import io.crowsnest.alertnotification.domain.Message;
import io.crowsnest.alertnotification.domain.MessageChannel;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ParameterDeclaration;
import io.quarkus.qute.Template;

/**
 * Renders a message from the Qute templates held by the service: {@code templates/messages/<id>/
 * <channel>[.<language>].txt}, the exact language first, then its primary subtag, then the
 * template's default. A template declares its parameters ({@code {@java.lang.String first_name}});
 * a declared parameter missing from the variables is refused. A first line "Subject: ..." is the
 * email subject or push title.
 */
@ApplicationScoped
public class MessageRenderer {

    @Inject
    Engine engine;

    public Message render(String templateId, MessageChannel channel, String language, Map<String, Object> variables) {
        Template template = find(templateId, channel, language);
        List<String> missing = new ArrayList<>();
        for (ParameterDeclaration p : template.getParameterDeclarations()) {
            if (!variables.containsKey(p.getKey())) {
                missing.add(p.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new DeliveryErrors.ContentInvalid("template.variables", "template '" + templateId
                    + "' requires " + String.join(", ", missing));
        }
        var instance = template.instance();
        variables.forEach(instance::data);
        String text = instance.render().strip();
        String subject = "";
        if (text.startsWith("Subject: ")) {
            int end = text.indexOf('\n');
            subject = (end < 0 ? text.substring(9) : text.substring(9, end)).strip();
            text = end < 0 ? "" : text.substring(end + 1).strip();
        }
        return new Message(channel == MessageChannel.SMS ? "" : subject, text, Message.TEXT, language);
    }

    private Template find(String templateId, MessageChannel channel, String language) {
        String base = "messages/" + templateId + "/" + channel.name().toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        if (!language.isEmpty()) {
            candidates.add(base + "." + language);
            if (language.contains("-")) {
                candidates.add(base + "." + language.substring(0, language.indexOf('-')));
            }
        }
        candidates.add(base);
        for (String candidate : candidates) {
            Template t = engine.getTemplate(candidate + ".txt");
            if (t != null) {
                return t;
            }
        }
        for (MessageChannel other : MessageChannel.values()) {
            if (engine.getTemplate("messages/" + templateId + "/" + other.name().toLowerCase(Locale.ROOT)
                    + ".txt") != null) {
                throw new DeliveryErrors.TemplateNotFound("TEMPLATE_CHANNEL_NOT_FOUND", templateId,
                        "has no version for " + channel);
            }
        }
        throw new DeliveryErrors.TemplateNotFound("TEMPLATE_NOT_FOUND", templateId, "is unknown");
    }
}
