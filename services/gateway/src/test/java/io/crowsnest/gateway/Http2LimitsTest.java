package io.crowsnest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.gateway.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;

/**
 * The body limit holds on the HTTP/2 path too (h2c with prior knowledge, as proxies and service
 * meshes speak to the gateway): a body over 1 MB with its Content-Length is answered 413
 * problem+json saying the limit; a body without one (HTTP/2 allows it) is counted as it arrives:
 * over the limit it is answered 413 problem+json too, under it it reaches the route like a body with
 * its length (503 here: nothing listens behind the gateway in tests).
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class Http2LimitsTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Vertx vertx;

    private HttpClient client;

    @BeforeEach
    void connect() {
        client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setDefaultHost("localhost").setDefaultPort(RestAssured.port));
    }

    @AfterEach
    void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What the gateway answered: the protocol, the status, the content type and the body. */
    private record Answer(HttpVersion version, int status, String type, String body) {
    }

    private Answer post(String path, byte[] body, boolean withLength) throws Exception {
        String token = TestIssuer.token("ann", "agent");
        return client.request(HttpMethod.POST, path).compose(request -> {
            request.putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
            if (withLength) {
                request.putHeader("Content-Length", Integer.toString(body.length));
            } else {
                request.setChunked(true); // on HTTP/2: DATA frames without a Content-Length
            }
            int chunk = 16 * 1024;
            for (int at = 0; at < body.length; at += chunk) {
                request.write(Buffer.buffer(java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + chunk))));
            }
            request.end();
            return request.response().compose(response -> response.body().map(b -> new Answer(response.version(),
                    response.statusCode(), response.getHeader("Content-Type"), b.toString(StandardCharsets.UTF_8))));
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static byte[] event(int padding) {
        return ("{\"event_id\": \"" + "x".repeat(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyOverTheLimitIsAProblem() throws Exception {
        Answer answer = post("/api/v1/events", event(1_100_000), true);
        assertEquals(HttpVersion.HTTP_2, answer.version(), "spoken over h2c");
        assertEquals(413, answer.status(), answer.toString());
        assertEquals(PROBLEM, answer.type(), answer.toString());
        assertTrue(answer.body().contains("\"status\":413") && answer.body().contains("at most 1048576 bytes"),
                answer.body());
    }

    @Test
    void aBodyWithoutItsLengthOverTheLimitIsAProblemCountedAsItArrives() throws Exception {
        // just over the limit, and past twice the limit where the HTTP layer's own check (an empty 413) stands
        for (int size : new int[] {1_048_600, 3_000_000}) {
            Answer answer = post("/api/v1/events", event(size), false);
            assertEquals(HttpVersion.HTTP_2, answer.version());
            assertEquals(413, answer.status(), answer.toString());
            assertEquals(PROBLEM, answer.type(), answer.toString());
            assertTrue(answer.body().contains("\"status\":413") && answer.body().contains("at most 1048576 bytes")
                    && answer.body().contains("\"field\":\"body\"")
                    && answer.body().contains("counted as it arrived"), answer.body());
        }
    }

    @Test
    void aBodyWithoutItsLengthUnderTheLimitReachesTheRoute() throws Exception {
        // small (read in one go) and close to the limit (read as a stream while it arrives)
        for (int size : new int[] {20, 1_040_000}) {
            Answer answer = post("/api/v1/events", event(size), false);
            assertEquals(HttpVersion.HTTP_2, answer.version());
            // the body was read and parsed: the event reaches profile, which does not listen in tests
            assertEquals(503, answer.status(), answer.toString());
            assertEquals(PROBLEM, answer.type());
        }
        Answer malformed = post("/api/v1/events", "{\"event_id\": ".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(400, malformed.status(), malformed.toString());
    }

    @Test
    void aSmallBodyWithItsLengthReachesTheRoute() throws Exception {
        Answer answer = post("/api/v1/events", event(20), true);
        assertEquals(HttpVersion.HTTP_2, answer.version());
        // the body was read and parsed: the event reaches profile, which does not listen in tests
        assertEquals(503, answer.status(), answer.toString());
        assertEquals(PROBLEM, answer.type());
        Answer malformed = post("/api/v1/events", "{\"event_id\": ".getBytes(StandardCharsets.UTF_8), true);
        assertEquals(400, malformed.status(), malformed.toString());
    }
}
