package io.crowsnest.identity.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;

/**
 * Envelope encryption of raw delivery addresses (Tink): every value is sealed under a fresh
 * AES-256-GCM data key, and that data key is sealed under the current key of the configured
 * keyset (the key-encryption key, from a Secret). Each sealed value is bound to the record it
 * belongs to (associated data), so a value copied into another person's record does not open.
 * The keyset holds the current key and, during a rotation, older ones that only open.
 */
public final class AddressCipher {

    private final Aead envelope;
    private final int currentKeyId;
    private final Set<Integer> keyIds;

    private AddressCipher(Aead envelope, int currentKeyId, Set<Integer> keyIds) {
        this.envelope = envelope;
        this.currentKeyId = currentKeyId;
        this.keyIds = keyIds;
    }

    /**
     * Builds the cipher from keys written {@code <id>:<base64 of 32 bytes>}, the current one first.
     *
     * @throws IllegalArgumentException naming what is wrong with the keys (never their values)
     */
    public static AddressCipher of(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("no address key configured (crowsnest.identity.address-keys)");
        }
        try {
            AeadConfig.register();
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.TINK).build();
            KeysetHandle.Builder keyset = KeysetHandle.newBuilder();
            Set<Integer> ids = new HashSet<>();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String entry = keys.get(i).strip();
                int colon = entry.indexOf(':');
                int id;
                byte[] material;
                try {
                    id = Integer.parseInt(entry.substring(0, Math.max(colon, 0)));
                    material = Base64.getDecoder().decode(entry.substring(colon + 1));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("address key #" + (i + 1)
                            + " is not written <id>:<base64 of 32 bytes>");
                }
                if (id <= 0 || material.length != 32) {
                    throw new IllegalArgumentException("address key #" + (i + 1)
                            + " needs a positive id and exactly 32 bytes of key (it has id " + id + " and "
                            + material.length + " bytes)");
                }
                if (!ids.add(id)) {
                    throw new IllegalArgumentException("address key id " + id + " is configured twice");
                }
                order.add(id);
                AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                        .setKeyBytes(SecretBytes.copyFrom(material, InsecureSecretKeyAccess.get()))
                        .setIdRequirement(id).build();
                KeysetHandle.Builder.Entry added = KeysetHandle.importKey(key).withFixedId(id);
                keyset.addEntry(i == 0 ? added.makePrimary() : added);
            }
            Aead keyEncryption = keyset.build().getPrimitive(RegistryConfiguration.get(), Aead.class);
            return new AddressCipher(KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, keyEncryption),
                    order.get(0), Set.copyOf(ids));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the address keys cannot be used: " + e.getMessage(), e);
        }
    }

    /** A value sealed under the key numbered {@code keyId}. */
    public record Sealed(String ciphertext, int keyId) {
    }

    /** The id of the key new values are sealed under. */
    public int currentKeyId() {
        return currentKeyId;
    }

    /** The ids of the configured keys that only open (being rotated out). */
    public List<Integer> olderKeyIds() {
        return keyIds.stream().filter(id -> id != currentKeyId).sorted().toList();
    }

    /** Seals a value for the record {@code recordId}. */
    public Sealed seal(String value, String recordId) {
        try {
            byte[] sealed = envelope.encrypt(value.getBytes(StandardCharsets.UTF_8),
                    recordId.getBytes(StandardCharsets.UTF_8));
            return new Sealed(Base64.getEncoder().encodeToString(sealed), currentKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a delivery address failed", e);
        }
    }

    /**
     * Opens a value sealed for {@code recordId}.
     *
     * @throws IllegalStateException if no configured key opens it, or it was not sealed for this record
     */
    public String open(String ciphertext, String recordId) {
        try {
            return new String(envelope.decrypt(Base64.getDecoder().decode(ciphertext),
                    recordId.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a delivery address of record " + recordId
                    + " does not open under the configured address keys", e);
        }
    }
}
