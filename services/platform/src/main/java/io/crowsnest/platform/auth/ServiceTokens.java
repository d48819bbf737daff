package io.crowsnest.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The token a service sends with each call: a compact JWS (JWT, ES256) with claims {@code iss} and
 * {@code sub} (the caller), {@code aud} (the called service), {@code iat} and {@code exp}.
 */
public final class ServiceTokens {

    /** The longest validity a token may claim, whatever its signer says: a stolen one soon expires. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private ServiceTokens() {
    }

    /** A verified token: who called, and until when its token holds. */
    public record Caller(String name, Instant expires) {
    }

    /** Why a token was refused, in words an operator can act on. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A token of {@code caller} for calls to {@code audience}, valid from {@code now} for {@code lifetime}. */
    public static String sign(PrivateKey key, String caller, String audience, Instant now, Duration lifetime) {
        JsonObject header = new JsonObject();
        header.addProperty("alg", "ES256");
        header.addProperty("typ", "JWT");
        header.addProperty("kid", caller);
        JsonObject claims = new JsonObject();
        claims.addProperty("iss", caller);
        claims.addProperty("sub", caller);
        claims.addProperty("aud", audience);
        claims.addProperty("iat", now.getEpochSecond());
        claims.addProperty("exp", now.plus(lifetime).getEpochSecond());
        String signed = encode(header) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a service token: " + e.getMessage(), e);
        }
    }

    private static boolean signedWith(String[] parts, PublicKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(B64D.decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The caller a token names, once its signature verifies with that caller's key, it is meant for
     * {@code audience} and it holds at {@code now} (give or take {@code skew}).
     */
    public static Caller verify(String token, Map<String, PublicKey> callers, String audience, Instant now,
            Duration skew) throws Refused {
        Map<String, List<PublicKey>> keys = new HashMap<>();
        callers.forEach((caller, key) -> keys.put(caller, List.of(key)));
        return verifyWithAny(token, keys, audience, now, skew);
    }

    /**
     * As {@link #verify}, a caller having several keys: the signature must verify with one of them
     * (its current key and, while its key is being rotated, the previous one).
     */
    public static Caller verifyWithAny(String token, Map<String, List<PublicKey>> callers, String audience,
            Instant now, Duration skew) throws Refused {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("the token is not a signed JWT (header.claims.signature)");
        }
        JsonObject header = json(parts[0], "header");
        JsonObject claims = json(parts[1], "claims");
        if (!"ES256".equals(text(header, "alg"))) {
            throw new Refused("the token is not signed with ES256");
        }
        String caller = text(claims, "iss");
        if (caller == null || !caller.equals(text(claims, "sub"))) {
            throw new Refused("the token names no caller (iss and sub must both name the calling service)");
        }
        List<PublicKey> keys = callers.get(caller);
        if (keys == null || keys.isEmpty()) {
            throw new Refused("no public key is known for caller " + caller);
        }
        if (keys.stream().noneMatch(key -> signedWith(parts, key))) {
            throw new Refused("the token's signature does not verify with " + caller + "'s public key"
                    + (keys.size() > 1 ? " (any of its " + keys.size() + " keys)" : ""));
        }
        if (!audience.equals(text(claims, "aud"))) {
            throw new Refused("the token of " + caller + " is meant for " + text(claims, "aud") + ", not " + audience);
        }
        Long issued = seconds(claims, "iat");
        Long expires = seconds(claims, "exp");
        if (issued == null || expires == null) {
            throw new Refused("the token of " + caller + " has no iat or exp");
        }
        if (Instant.ofEpochSecond(issued).isAfter(now.plus(skew))) {
            throw new Refused("the token of " + caller + " is issued in the future (" + Instant.ofEpochSecond(issued)
                    + "); are the clocks apart?");
        }
        if (!Instant.ofEpochSecond(expires).isAfter(now.minus(skew))) {
            throw new Refused("the token of " + caller + " expired at " + Instant.ofEpochSecond(expires));
        }
        if (expires - issued > MAX_LIFETIME.toSeconds()) {
            throw new Refused("the token of " + caller + " claims a lifetime over " + MAX_LIFETIME.toMinutes()
                    + " minutes");
        }
        return new Caller(caller, Instant.ofEpochSecond(expires));
    }

    private static String encode(JsonObject json) {
        return B64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject json(String part, String what) throws Refused {
        try {
            JsonElement parsed = JsonParser.parseString(new String(B64D.decode(part), StandardCharsets.UTF_8));
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (RuntimeException e) {
            // refused below
        }
        throw new Refused("the token's " + what + " is not base64url JSON");
    }

    private static String text(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString()
                : null;
    }

    private static Long seconds(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            return value.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
