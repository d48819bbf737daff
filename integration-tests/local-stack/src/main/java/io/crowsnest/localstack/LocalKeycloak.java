package io.crowsnest.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The local OpenID Connect provider: Keycloak's server distribution (unpacked by the build into
 * integration-tests/local-stack/target/keycloak) in development mode with an in-memory database,
 * importing the realm {@code crowsnest} at every start (users ann and bob (agent), sue
 * (supervisor), ada (admin), each with the user name as password; the console client; the public
 * client crowsnest-cli for password grants; the machine client crowsnest-collector with role
 * service). For this machine only: the realm's secrets and passwords are public.
 */
public final class LocalKeycloak implements AutoCloseable {

    /** The realm's name. */
    public static final String REALM = "crowsnest";
    /** The console's client and its (local-only) secret. */
    public static final String CONSOLE_CLIENT = "crowsnest-console";
    public static final String CONSOLE_SECRET = "local-console-secret";
    /** The public client for password grants (scripts, tests, the demo loader). */
    public static final String CLI_CLIENT = "crowsnest-cli";
    /** The machine client with role service, and its (local-only) secret. */
    public static final String COLLECTOR_CLIENT = "crowsnest-collector";
    public static final String COLLECTOR_SECRET = "local-collector-secret";

    private static final String VERSION = "26.4.5";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final java.util.Map<String, Token> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    private final Process process;
    private final int port;
    private final Path log;

    private LocalKeycloak(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Keycloak on {@code port}; call {@link #awaitReady} before using it. */
    public static LocalKeycloak start(Path home, int port, Path log) throws IOException {
        Path dist = home.resolve("integration-tests/local-stack/target/keycloak/keycloak-" + VERSION);
        Path script = dist.resolve("bin/kc.sh");
        if (!Files.isRegularFile(script)) {
            throw new IOException(dist + " is missing: build first (`make build`); the build unpacks Keycloak "
                    + "(org.keycloak:keycloak-quarkus-dist:" + VERSION + ") there");
        }
        Path imports = dist.resolve("data/import");
        Files.createDirectories(imports);
        try (InputStream realm = LocalKeycloak.class.getResourceAsStream("/keycloak/crowsnest-realm.json")) {
            Files.copy(realm, imports.resolve("crowsnest-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", script.toString(), "start-dev",
                "--http-port=" + port, "--db=dev-mem", "--import-realm", "--cache=local",
                "--http-management-port=" + (port + 1)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        script.toFile().setExecutable(true);
        return new LocalKeycloak(builder.start(), port, log);
    }

    /** The issuer URL the gateway verifies tokens against, e.g. http://localhost:8180/realms/crowsnest. */
    public String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the realm's discovery document answers; fails with the log's tail otherwise. */
    public void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak exited during start-up; its log: " + log + System.lineSeparator()
                        + tail());
            }
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Keycloak", e);
            }
        }
        throw new IOException("Keycloak did not answer " + issuer() + " within " + timeout.toSeconds() + " s; log "
                + log + System.lineSeparator() + tail());
    }

    /**
     * An access token of a realm user (the password grant of crowsnest-cli; the local users'
     * passwords are their names), reused until a minute before it expires.
     */
    public String token(String user) throws IOException {
        Token cached = tokens.get(user);
        if (cached != null && cached.expires().isAfter(java.time.Instant.now().plusSeconds(60))) {
            return cached.value();
        }
        String form = "grant_type=password&client_id=" + CLI_CLIENT + "&username=" + user + "&password=" + user;
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Keycloak for a token", e);
        }
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(response.body());
        java.util.regex.Matcher expiresIn = java.util.regex.Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)")
                .matcher(response.body());
        if (response.statusCode() != 200 || !token.find() || !expiresIn.find()) {
            throw new IOException("Keycloak refused a token for " + user + ": " + response.statusCode() + " "
                    + response.body());
        }
        Token fresh = new Token(token.group(1), java.time.Instant.now().plusSeconds(Long.parseLong(expiresIn.group(1))));
        tokens.put(user, fresh);
        return fresh.value();
    }

    private record Token(String value, java.time.Instant expires) {
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops Keycloak: kc.sh forwards SIGTERM to its JVM; a JVM left behind is stopped too. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        ProcessControl.stop(process, Duration.ofSeconds(15));
        children.forEach(child -> ProcessControl.stop(child, Duration.ofSeconds(5)));
    }
}
