package io.crowsnest.platform.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads service keys from PEM: a private key as PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY",
 * what Helm's genPrivateKey writes), a public key as a certificate or "PUBLIC KEY". EC P-256 only.
 */
public final class ServiceKeys {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier { id-ecPublicKey, prime256v1 }, as PKCS#8 wraps a SEC1 key. */
    private static final byte[] EC_P256_ALGORITHM = hex("301306072a8648ce3d020106082a8648ce3d030107");

    private ServiceKeys() {
    }

    /** The private key in a PEM text. */
    public static PrivateKey privateKey(String pem) {
        Matcher m = block(pem);
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        byte[] pkcs8 = switch (m.group(1)) {
            case "PRIVATE KEY" -> der;
            case "EC PRIVATE KEY" -> pkcs8OfSec1(der);
            default -> throw new IllegalArgumentException("not a private key: a PEM block of type " + m.group(1));
        };
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC private key: " + e.getMessage(), e);
        }
    }

    /** The public key in a PEM text: a certificate's or a bare "PUBLIC KEY". */
    public static PublicKey publicKey(String pem) {
        Matcher m = block(pem);
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        try {
            return switch (m.group(1)) {
                case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                case "PUBLIC KEY" -> KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
                default -> throw new IllegalArgumentException("not a public key or certificate: a PEM block of type "
                        + m.group(1));
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key: " + e.getMessage(), e);
        }
    }

    /** The private key in a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return privateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every caller's public key in a directory: file {@code <caller>.pem} for caller {@code <caller>}. */
    public static Map<String, PublicKey> readCallers(Path directory) throws IOException {
        Map<String, PublicKey> keys = new TreeMap<>();
        readCallerKeys(directory).forEach((caller, all) -> keys.put(caller, all.get(0)));
        return keys;
    }

    /**
     * Every caller's public keys in a directory: file {@code <caller>.pem} holds one PEM block per
     * key, the current key first; during a rotation of the caller's key, the previous key after it,
     * so that tokens signed with either are taken until every replica of the caller signs with the
     * new one.
     */
    public static Map<String, List<PublicKey>> readCallerKeys(Path directory) throws IOException {
        Map<String, List<PublicKey>> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pem")) {
            for (Path file : files) {
                String caller = file.getFileName().toString().replaceFirst("\\.pem$", "");
                try {
                    keys.put(caller, publicKeys(Files.readString(file, StandardCharsets.US_ASCII)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
        }
        return keys;
    }

    /** Every public key in a PEM text (certificates or bare "PUBLIC KEY" blocks), in order. */
    public static List<PublicKey> publicKeys(String pem) {
        List<PublicKey> keys = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            keys.add(publicKey(m.group()));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no PEM block found");
        }
        return List.copyOf(keys);
    }

    /** A public key as PEM ("PUBLIC KEY"), e.g. to give a caller's key to the services it calls. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static Matcher block(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM block found");
        }
        return m;
    }

    /** PrivateKeyInfo { version 0, AlgorithmIdentifier, OCTET STRING { the SEC1 ECPrivateKey } }. */
    private static byte[] pkcs8OfSec1(byte[] sec1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(EC_P256_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(sec1.length));
        body.writeBytes(sec1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        return length < 0x100 ? new byte[] {(byte) 0x81, (byte) length}
                : new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
