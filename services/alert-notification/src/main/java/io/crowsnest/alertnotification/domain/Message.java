package io.crowsnest.alertnotification.domain;

/** Content to send: subject (email subject, push title; empty for SMS), body, media type, language. */
public record Message(String subject, String body, String contentType, String language) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";

    /**
     * Checks the content against the channel; {@code field} is where the content came from in the
     * request ("rendered" or "template"), for the refusal.
     */
    public Message checkedFor(MessageChannel channel, String field) {
        if (body.isBlank()) {
            throw new DeliveryErrors.ContentInvalid(field + ".body", "the body is empty");
        }
        if (body.length() > channel.maxBody()) {
            throw new DeliveryErrors.ContentInvalid(field + ".body", "the body has " + body.length()
                    + " characters, over the " + channel + " limit of " + channel.maxBody());
        }
        if (channel == MessageChannel.SMS && !subject.isEmpty()) {
            throw new DeliveryErrors.ContentInvalid(field + ".subject", "an SMS has no subject");
        }
        if (subject.length() > 500) {
            throw new DeliveryErrors.ContentInvalid(field + ".subject", "at most 500 characters");
        }
        if (HTML.equals(contentType) && channel != MessageChannel.EMAIL) {
            throw new DeliveryErrors.ContentInvalid(field + ".content_type", "text/html is for email only");
        }
        return this;
    }
}
