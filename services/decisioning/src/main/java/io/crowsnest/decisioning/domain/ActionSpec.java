package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The part of an action its author writes; a new version carries a complete spec.
 *
 * @param eligibility       CEL bool expression; "" = everyone
 * @param propensity        CEL number expression; "" = learned from outcomes
 * @param value             the value when it converts; null when none
 * @param channels          channel names (EMAIL, PHONE...)
 * @param validFrom         null = from creation
 * @param validUntil        exclusive; null = until retired
 * @param category          contact category (MARKETING, SERVICE...); "" = not a contact
 * @param question          for QUESTION actions only, else null
 * @param reasonTemplate    Qute; "" = generated from the eligibility clauses
 * @param cooldown          after a decline; null = 30 days
 * @param valueExpression   CEL number in major units; "" = value
 * @param lever             business lever 0 to 10; null = 1
 * @param contextWeight     CEL number 0 to 10; "" = 1
 */
public record ActionSpec(ActionKind kind, String name, String description, String eligibility, String propensity,
        int priority, Money value, List<String> channels, String division, Instant validFrom, Instant validUntil,
        String category, List<MessageTemplate> templates, Question question, String productId, String reasonCode,
        String reasonTemplate, Window cooldown, String valueExpression, Double lever, String contextWeight) {

    public ActionSpec {
        channels = List.copyOf(channels);
        templates = List.copyOf(templates);
    }

    /** True when the action is a contact governed by contact-governance. */
    public boolean isContact() {
        return !category.isEmpty();
    }

    public Window cooldownOrDefault() {
        return cooldown == null ? Window.DEFAULT_COOLDOWN : cooldown;
    }

    /** True when the validity window contains the instant. */
    public boolean validAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validUntil == null || at.isBefore(validUntil));
    }

    /** The template for a channel in a language, else the channel's fallback template. */
    public Optional<MessageTemplate> template(String channel, String language) {
        Optional<MessageTemplate> exact = templates.stream()
                .filter(t -> t.channel().equals(channel) && !language.isEmpty() && t.language().equalsIgnoreCase(language))
                .findFirst();
        return exact.or(() -> templates.stream().filter(t -> t.channel().equals(channel) && t.language().isEmpty())
                .findFirst());
    }
}
