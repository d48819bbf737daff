package io.crowsnest.identity.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of an identifier's type, namespace and normalised value under the service's secret
 * key: the only form in which values are matched, so a leaked database does not reveal them
 * without the key.
 */
public final class KeyedHash {

    private final SecretKeySpec key;

    public KeyedHash(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the identifier hash key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String type, String namespace, String normalisedValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((type + '\u0000' + namespace + '\u0000' + normalisedValue)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
