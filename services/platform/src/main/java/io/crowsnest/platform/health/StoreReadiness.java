package io.crowsnest.platform.health;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import io.smallrye.health.SmallRyeHealthReporter;

/**
 * The service's readiness as the gRPC health service reports it: the overall verdict plus one
 * entry per readiness check (each store connection, the gRPC server), keyed by a short component
 * name such as {@code mongodb} or {@code redis}.
 */
@ApplicationScoped
public class StoreReadiness {

    @Inject
    SmallRyeHealthReporter reporter;

    /** Evaluates every readiness check now. Blocking: call it from a worker thread. */
    public Snapshot evaluate() {
        JsonObject payload = reporter.getReadiness().getPayload();
        Map<String, Boolean> components = new LinkedHashMap<>();
        for (JsonValue value : payload.getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            components.merge(componentName(check.getString("name")), isUp(check), Boolean::logicalAnd);
        }
        return new Snapshot(isUp(payload), Map.copyOf(components));
    }

    private static boolean isUp(JsonObject object) {
        return "UP".equals(object.getString("status", "DOWN"));
    }

    /** Maps the check names chosen by each extension to stable component names. */
    static String componentName(String checkName) {
        String name = checkName.toLowerCase(Locale.ROOT);
        if (name.contains("mongo")) {
            return "mongodb";
        }
        if (name.contains("redis")) {
            return "redis";
        }
        if (name.contains("grpc")) {
            return "grpc-server";
        }
        return name.replaceAll("[^a-z0-9]+", "-");
    }

    /** Overall readiness and the readiness of each named component. */
    public record Snapshot(boolean ready, Map<String, Boolean> components) {
    }
}
