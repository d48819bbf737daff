package io.crowsnest.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Rendered manifests parsed into the fabric8 Kubernetes model, strictly: an unknown field (which
 * fabric8 would keep in additionalProperties), a wrong type (a string where an integer belongs, a
 * number where a string belongs), a duplicate key or a kind the chart is not expected to render is
 * a problem, reported with the template it came from and the field path.
 */
final class Manifests {

    /** Every kind the chart may render, with its apiVersion and model class. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

    private static final Pattern SOURCE = Pattern.compile("^# Source: (\\S+)", Pattern.MULTILINE);
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build();
    private static final ObjectMapper STRICT = strictMapper();

    /** One rendered object. */
    record Manifest(String source, JsonNode tree, HasMetadata object) {

        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata().getName();
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + source + ")";
        }
    }

    private final List<Manifest> manifests;
    private final List<String> problems;

    private Manifests(List<Manifest> manifests, List<String> problems) {
        this.manifests = manifests;
        this.problems = problems;
    }

    static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Parses the output of helm template (documents separated by ---, each with a # Source line). */
    static Manifests parse(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Matcher source = SOURCE.matcher(document);
            String from = source.find() ? source.group(1) : "(no # Source)";
            JsonNode tree;
            try {
                tree = YAML.readTree(document);
            } catch (Exception e) {
                problems.add(from + ": not valid YAML: " + e.getMessage());
                continue;
            }
            if (tree == null || tree.isMissingNode() || tree.isNull() || tree.isEmpty()) {
                continue;
            }
            String type = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
            Class<? extends HasMetadata> modelClass = KINDS.get(type);
            if (modelClass == null) {
                problems.add(from + ": unexpected kind " + type);
                continue;
            }
            String name = tree.path("metadata").path("name").asText("(no name)");
            try {
                HasMetadata object = STRICT.treeToValue(tree, modelClass);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, type + "/" + name, unknown, new IdentityHashMap<>());
                unknown.forEach(u -> problems.add(from + ": " + u));
                manifests.add(new Manifest(from, tree, object));
            } catch (Exception e) {
                problems.add(from + ": " + type + "/" + name + " does not match the Kubernetes API model: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return new Manifests(List.copyOf(manifests), List.copyOf(problems));
    }

    /** Fields the model does not know end up in additionalProperties: report them by path. */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Quantity || value instanceof IntOrString || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, problems, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else {
                    unknownFields(fieldValue, path + "." + field.getName(), problems, seen);
                }
            }
        }
    }

    List<Manifest> all() {
        return manifests;
    }

    List<String> problems() {
        return problems;
    }

    <T extends HasMetadata> List<T> of(Class<T> type) {
        return manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return of(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + " rendered; there are "
                        + of(type).stream().map(o -> o.getMetadata().getName()).toList()));
    }

    /** A workload (Deployment, StatefulSet or Job) and its pod template. */
    record Workload(HasMetadata object, PodTemplateSpec template) {

        String describe() {
            return object.getKind() + "/" + object.getMetadata().getName();
        }
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        of(Deployment.class).forEach(d -> workloads.add(new Workload(d, d.getSpec().getTemplate())));
        of(StatefulSet.class).forEach(s -> workloads.add(new Workload(s, s.getSpec().getTemplate())));
        of(Job.class).forEach(j -> workloads.add(new Workload(j, j.getSpec().getTemplate())));
        return workloads;
    }

    Set<String> names(Class<? extends HasMetadata> type) {
        return of(type).stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
