package io.crowsnest.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs service tokens as the services do (platform's ServiceTokens): a compact ES256 JWT with
 * {@code iss}/{@code sub} the caller, {@code aud} the called service, {@code iat} and {@code exp}.
 * Also {@code make token}: {@code token <service> [state-dir]} prints a token of the local stack's
 * operator for one service of a running {@code make run} stack, valid 10 minutes.
 */
public final class ServiceTokenSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ServiceTokenSigner() {
    }

    /** A token of {@code caller} for {@code audience}, issued at {@code issuedAt}, valid for {@code lifetime}. */
    public static String sign(PrivateKey key, String caller, String audience, Instant issuedAt, Duration lifetime) {
        String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + caller + "\"}";
        String claims = String.format("{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"iat\":%d,\"exp\":%d}", caller,
                caller, audience, issuedAt.getEpochSecond(), issuedAt.plus(lifetime).getEpochSecond());
        String content = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key);
            signature.update(content.getBytes(StandardCharsets.US_ASCII));
            return content + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token as " + caller, e);
        }
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length < 2 || !args[0].equals("token") || args[1].isBlank()) {
            System.err.println("usage: token <service> [state-dir, default .crowsnest]   (make token SERVICE=identity)");
            System.exit(2);
        }
        Path file = Path.of(args.length > 2 ? args[2] : ".crowsnest").resolve("service-auth")
                .resolve(ServiceAuth.OPERATOR + ".key");
        if (!Files.isRegularFile(file)) {
            System.err.println("no " + file + ": is `make run` running?");
            System.exit(1);
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        System.out.println(sign(key, ServiceAuth.OPERATOR, args[1], Instant.now(), Duration.ofMinutes(10)));
    }
}
