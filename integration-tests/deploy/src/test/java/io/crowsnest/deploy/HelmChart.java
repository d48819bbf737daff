package io.crowsnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The chart under test, rendered and linted in-process by helm-java (embedded Helm 3). */
final class HelmChart {

    static final Path HOME = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
    static final Path CHART = Path.of(System.getProperty("crowsnest.chart", HOME.resolve("helm/crowsnest").toString()))
            .toAbsolutePath().normalize();
    static final String RELEASE = "crowsnest";
    static final String NAMESPACE = "crowsnest";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<ValueSet, String> RENDERED = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    /** A set of values: files layered on the chart's values.yaml (like -f), then --set pairs. */
    record ValueSet(String name, List<Path> files, Map<String, Object> sets) {

        static ValueSet of(String name, String... chartOrTestFiles) {
            List<Path> files = new ArrayList<>();
            for (String file : chartOrTestFiles) {
                files.add(file.startsWith("test:") ? testResource(file.substring(5)) : CHART.resolve(file));
            }
            return new ValueSet(name, List.copyOf(files), Map.of());
        }

        ValueSet with(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(sets);
            more.put(key, value);
            return new ValueSet(name + " " + key + "=" + value, files, more);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Path testResource(String name) {
        Path path = HOME.resolve("integration-tests/deploy/src/test/resources").resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no test values file " + path);
        }
        return path;
    }

    private static TemplateCommand command(ValueSet values) {
        FakeKubernetesApi.get();
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : values.files()) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> set : values.sets().entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command;
    }

    /** helm template: the rendered manifests (cached per value set, rendering is deterministic). */
    static String template(ValueSet values) {
        return RENDERED.computeIfAbsent(values, v -> command(v).call());
    }

    /** helm template without the cache (for renders that depend on the fake cluster's state). */
    static String templateUncached(ValueSet values) {
        return command(values).call();
    }

    /** helm template that must fail: the error message. */
    static String templateFailure(ValueSet values) {
        try {
            command(values).call();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("helm template succeeded with " + values + " but should have failed");
    }

    /**
     * helm lint --strict with the given values files. helm-java lints with the chart's own
     * values.yaml only, so for other value sets the chart is copied to a temporary directory whose
     * values.yaml is the chart's merged with the files, the way Helm merges -f files.
     */
    static LintResult lint(List<Path> valuesFiles, Path workDir) {
        if (valuesFiles.isEmpty()) {
            return new Helm(CHART).lint().strict().call();
        }
        try {
            Path copy = workDir.resolve(CHART.getFileName());
            copyTree(CHART, copy);
            Map<String, Object> merged = readYaml(CHART.resolve("values.yaml"));
            for (Path file : valuesFiles) {
                merge(merged, readYaml(file));
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> readYaml(Path file) throws IOException {
        Map<String, Object> map = YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return map == null ? new LinkedHashMap<>() : map;
    }

    /** Helm's coalescing of values files: maps merge key by key, null deletes, the rest replaces. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> base, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> entry : overlay.entrySet()) {
            Object current = base.get(entry.getKey());
            if (entry.getValue() == null) {
                base.remove(entry.getKey());
            } else if (current instanceof Map && entry.getValue() instanceof Map) {
                merge((Map<String, Object>) current, (Map<String, Object>) entry.getValue());
            } else {
                base.put(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths.sorted(Comparator.naturalOrder())::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
