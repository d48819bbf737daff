package io.crowsnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The smallest Kubernetes API the chart's {@code lookup} calls need: discovery of v1 and GET of a
 * Secret, answered from an in-memory map (404 when absent, as on a fresh cluster).
 *
 * <p>helm-java renders {@code helm template} as a dry-run install that still runs {@code lookup}
 * against the cluster of the kubeconfig. Surefire points {@code KUBECONFIG} at a file this class
 * writes, so the tests never reach a real cluster, and can also play "the Secret already exists"
 * to prove generated passwords survive upgrades.
 */
final class FakeKubernetesApi {

    private static final Pattern SECRET_PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/secrets/([^/]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeKubernetesApi instance;

    private final HttpServer server;
    /** namespace/name -> key -> plain value. */
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    private FakeKubernetesApi(Path kubeconfig) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(null);
        server.start();
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                      namespace: default
                current-context: fake
                users:
                  - name: fake
                    user: {}
                """.formatted(server.getAddress().getPort()));
    }

    /** Starts the fake API once per JVM and writes the kubeconfig that KUBECONFIG names. */
    static synchronized FakeKubernetesApi get() {
        if (instance == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || kubeconfig.isBlank() || kubeconfig.contains(java.io.File.pathSeparator)) {
                throw new IllegalStateException("KUBECONFIG must name the single file the fake API writes "
                        + "(set by surefire in integration-tests/deploy/pom.xml); it is " + kubeconfig);
            }
            try {
                instance = new FakeKubernetesApi(Path.of(kubeconfig));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    void putSecret(String namespace, String name, Map<String, String> data) {
        secrets.put(namespace + "/" + name, new LinkedHashMap<>(data));
    }

    void clearSecrets() {
        secrets.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, status(405, "MethodNotAllowed", "the fake API is read-only"));
            } else if (path.equals("/api/v1")) {
                respond(exchange, 200, """
                        {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
                          {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]},
                          {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get","list"]}]}
                        """);
            } else if (path.equals("/version")) {
                respond(exchange, 200, "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\"}");
            } else {
                Matcher secret = SECRET_PATH.matcher(path);
                Map<String, String> data = secret.matches() ? secrets.get(secret.group(1) + "/" + secret.group(2)) : null;
                if (data == null) {
                    respond(exchange, 404, status(404, "NotFound", path + " not found"));
                } else {
                    ObjectNode body = JSON.createObjectNode();
                    body.put("apiVersion", "v1").put("kind", "Secret").put("type", "Opaque");
                    body.putObject("metadata").put("name", secret.group(2)).put("namespace", secret.group(1));
                    ObjectNode encoded = body.putObject("data");
                    data.forEach((key, value) -> encoded.put(key,
                            Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
                    respond(exchange, 200, JSON.writeValueAsString(body));
                }
            }
        }
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
                + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
