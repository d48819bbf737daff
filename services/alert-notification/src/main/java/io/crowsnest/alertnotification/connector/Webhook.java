package io.crowsnest.alertnotification.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each message as JSON to the provider's URL with {@code Idempotency-Key: <delivery id>} and
 * {@code X-Crowsnest-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, within a
 * timeout. 2xx accepts (the provider's id from {@code "message_id"} in the answer, else the delivery
 * id); 408, 429, 5xx, a timeout or a broken connection may pass on another try; other answers refuse.
 */
public final class Webhook implements Connector {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\"\\s*:\\s*\"([^\"]{1,256})\"");

    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final String name;
    private final Clock clock;
    private final HttpClient http;

    public Webhook(URI url, String secret, Duration timeout, String name, Clock clock) {
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.name = name;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendResult send(Outgoing m) {
        String body = payload(m);
        long t = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Idempotency-Key", m.deliveryId())
                .header("X-Crowsnest-Signature", "t=" + t + ",v1=" + sign(t + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            int code = answer.statusCode();
            if (code >= 200 && code < 300) {
                Matcher id = MESSAGE_ID.matcher(answer.body());
                return new SendResult.Accepted(id.find() ? id.group(1) : m.deliveryId());
            }
            if (code == 408 || code == 429 || code >= 500) {
                return new SendResult.Unavailable("the provider answered " + code);
            }
            return new SendResult.Rejected("the provider answered " + code);
        } catch (HttpTimeoutException e) {
            return new SendResult.Unavailable("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new SendResult.Unavailable("the provider is unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Unavailable("interrupted");
        }
    }

    /** The HMAC-SHA256 of a text under the secret, in hex. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static String payload(Outgoing m) {
        return "{\"delivery_id\":" + json(m.deliveryId()) + ",\"channel\":" + json(m.channel().name().toLowerCase(
                java.util.Locale.ROOT)) + ",\"to\":" + json(m.address()) + ",\"subject\":" + json(m.message().subject())
                + ",\"body\":" + json(m.message().body()) + ",\"content_type\":" + json(m.message().contentType())
                + ",\"language\":" + json(m.message().language()) + ",\"campaign_id\":" + json(m.campaignId()) + "}";
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
