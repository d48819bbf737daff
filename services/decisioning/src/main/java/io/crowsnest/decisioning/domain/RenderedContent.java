package io.crowsnest.decisioning.domain;

/** A template rendered for one person and channel; language "" when the fallback was used. */
public record RenderedContent(String channel, String language, String subject, String body, String contentType) {
}
