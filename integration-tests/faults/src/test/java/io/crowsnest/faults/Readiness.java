package io.crowsnest.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;

/** A service's readiness as Kubernetes sees it: {@code /q/health/ready}, 200 when ready, 503 with the reasons when not. */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** Waits (at most a minute) until the service's readiness answers {@code status}; returns the body. */
    static String await(LocalStack stack, String service, int status) {
        URI uri = URI.create("http://127.0.0.1:" + stack.healthPort(service) + "/q/health/ready");
        String[] body = { "" };
        Await.until(Duration.ofSeconds(60), () -> {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                body[0] = answer.body();
                return answer.statusCode() == status;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, service + " readiness " + status);
        return body[0];
    }
}
