package io.crowsnest.decisioning.domain;

/**
 * A Qute template of an action for one channel and language ("" = fallback language).
 *
 * @param contentType "text/plain" or "text/html"
 */
public record MessageTemplate(String channel, String language, String subject, String body, String contentType) {
}
