package io.crowsnest.alertnotification;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server playing the message provider behind the webhook connector: it answers each
 * POST with the next planned answer (200 with a message id by default; 5xx, 4xx, or slowly) and
 * records every request with its headers, for tests to check idempotency keys and signatures.
 */
public class ProviderServer implements QuarkusTestResourceLifecycleManager {

    /** An answer to plan: HTTP status and a delay before answering. */
    public record Answer(int status, long delayMillis) {
    }

    /** A request the provider received. */
    public record Received(String idempotencyKey, String signature, String body) {
    }

    /** The provider as tests see it. */
    public static final class Provider {
        final ConcurrentLinkedQueue<Answer> plan = new ConcurrentLinkedQueue<>();
        final List<Received> received = new CopyOnWriteArrayList<>();

        public void plan(Answer... answers) {
            plan.clear();
            plan.addAll(List.of(answers));
        }

        public List<Received> received(String deliveryId) {
            return received.stream().filter(r -> deliveryId.equals(r.idempotencyKey())).toList();
        }
    }

    private HttpServer server;
    private final Provider provider = new Provider();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/messages", this::answer);
        server.start();
        return Map.of("crowsnest.test.webhook.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/messages");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        provider.received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("X-Crowsnest-Signature"), body));
        Answer answer = provider.plan.poll();
        if (answer == null) {
            answer = new Answer(200, 0);
        }
        try {
            Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] out = (answer.status() == 200 ? "{\"message_id\":\"prov-" + exchange.getRequestHeaders()
                .getFirst("Idempotency-Key") + "\"}" : "{\"error\":\"planned\"}").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException e) {
            // the connector gave up waiting (timeout): nothing to answer to
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(provider, new TestInjector.MatchesType(Provider.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
