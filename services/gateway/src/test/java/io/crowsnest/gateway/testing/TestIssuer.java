package io.crowsnest.gateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpServer;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * A small but real OpenID Connect issuer for the gateway's tests: it serves a discovery document
 * and its JSON Web Key Set over HTTP, and signs access tokens shaped like Keycloak's (roles in
 * realm_access.roles, the caller in preferred_username) with an RSA key it generates at start. The
 * gateway verifies them exactly as it verifies a production provider's; tests also make tokens
 * that must be refused (expired, signed by another key, from another issuer).
 */
@QuarkusTestResource(TestIssuer.class)
@QuarkusTestResource(MongoTestResource.class)
public class TestIssuer implements QuarkusTestResourceLifecycleManager {

    private static RsaJsonWebKey key;
    private static RsaJsonWebKey otherKey;
    private static String issuer;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key");
            otherKey = RsaJwkGenerator.generateJwk(2048);
            otherKey.setKeyId("test-key");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JoseException | IOException e) {
            throw new IllegalStateException("cannot start the test OIDC issuer", e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        String discovery = """
                {"issuer": "%1$s", "jwks_uri": "%1$s/certs", "authorization_endpoint": "%1$s/auth",
                 "token_endpoint": "%1$s/token", "end_session_endpoint": "%1$s/logout",
                 "id_token_signing_alg_values_supported": ["RS256"], "response_types_supported": ["code"],
                 "subject_types_supported": ["public"]}""".formatted(issuer);
        String jwks = new JsonWebKeySet(key).toJson(OutputControlLevel.PUBLIC_ONLY);
        serve("/realms/test/.well-known/openid-configuration", discovery);
        serve("/realms/test/certs", jwks);
        server.start();
        return Map.of("crowsnest.oidc.issuer", issuer);
    }

    private void serve(String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A valid access token for {@code user} with these realm roles, for five minutes. */
    public static String token(String user, String... roles) {
        return sign(key, issuer, user, Instant.now().plusSeconds(300), roles);
    }

    /** A token that expired an hour ago. */
    public static String expiredToken(String user, String... roles) {
        return sign(key, issuer, user, Instant.now().minusSeconds(3600), roles);
    }

    /** A token with the issuer's key id but signed by another key (a forgery). */
    public static String forgedToken(String user, String... roles) {
        return sign(otherKey, issuer, user, Instant.now().plusSeconds(300), roles);
    }

    /** A correctly signed token naming another issuer. */
    public static String foreignIssuerToken(String user, String... roles) {
        return sign(key, "https://elsewhere.example/realms/test", user, Instant.now().plusSeconds(300), roles);
    }

    /** A request as {@code user} with these roles. */
    public static RequestSpecification as(String user, String... roles) {
        return RestAssured.given().auth().oauth2(token(user, roles));
    }

    public static RequestSpecification asAgent(String user) {
        return as(user, "agent");
    }

    public static RequestSpecification asAdmin() {
        return as("ada.admin", "admin");
    }

    private static String sign(RsaJsonWebKey with, String iss, String user, Instant expires, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(iss);
        claims.setSubject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString());
        claims.setClaim("preferred_username", user);
        claims.setClaim("realm_access", Map.of("roles", List.of(roles)));
        claims.setClaim("typ", "Bearer");
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(expires.getEpochSecond() - 300));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(expires.getEpochSecond()));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(with.getPrivateKey());
        jws.setKeyIdHeaderValue(with.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
