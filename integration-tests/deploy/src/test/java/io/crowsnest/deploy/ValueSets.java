package io.crowsnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.crowsnest.deploy.HelmChart.ValueSet;

/** The value sets every render test runs against. */
final class ValueSets {

    /** The chart's values.yaml alone: everything bundled, generated credentials. */
    static final ValueSet DEFAULT = ValueSet.of("default");
    /** High availability: 3 MongoDB members, HPA, Ingress with TLS, ServiceMonitor, OTLP. */
    static final ValueSet PRODUCTION = ValueSet.of("production", "values-production.yaml");
    /** External MongoDB and Redis through existing Secrets. */
    static final ValueSet EXTERNAL = ValueSet.of("external", "values-external.yaml");
    /** External stores by URI values (mongodb+srv, Redis Cluster); the chart makes the Secrets. */
    static final ValueSet EXTERNAL_URIS = ValueSet.of("external-uris", "test:values-external-uris.yaml");
    /** What `make k8s` renders: defaults with existing Secrets only. */
    static final ValueSet K8S = ValueSet.of("k8s", "values-k8s.yaml");
    /** Production plus every optional feature switched on. */
    static final ValueSet ALL_FEATURES = ValueSet.of("all-features", "values-production.yaml",
            "test:values-all-features.yaml");
    /** Defaults without NetworkPolicies, PDBs or persistence; the init Job as a plain Job. */
    static final ValueSet MINIMAL = ValueSet.of("minimal")
            .with("mongodb.initJob.helmHook", false)
            .with("networkPolicy.enabled", false)
            .with("services.defaults.podDisruptionBudget.enabled", false)
            .with("redis.podDisruptionBudget.enabled", false)
            .with("mongodb.persistence.enabled", false)
            .with("redis.persistence.enabled", false)
            .with("observability.metrics.podAnnotations", false);

    private ValueSets() {
    }

    static Stream<ValueSet> all() {
        return Stream.of(DEFAULT, PRODUCTION, EXTERNAL, EXTERNAL_URIS, K8S, ALL_FEATURES, MINIMAL);
    }

    /** Names of the Secrets a value set says exist already (every existingSecret value). */
    static Set<String> existingSecrets(ValueSet values) {
        Set<String> names = new HashSet<>();
        try {
            for (Path file : values.files()) {
                collect(HelmChart.readYaml(file), names);
            }
            collect(HelmChart.readYaml(HelmChart.CHART.resolve("values.yaml")), names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        values.sets().forEach((key, value) -> {
            if (key.endsWith("existingSecret")) {
                names.add(String.valueOf(value));
            }
        });
        names.remove("");
        return names;
    }

    private static void collect(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("existingSecret".equals(key) && value instanceof String name) {
                    names.add(name);
                } else {
                    collect(value, names);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, names));
        }
    }
}
