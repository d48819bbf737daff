package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The checker itself: it must catch what the API server would reject. */
class StrictModelTest {

    private static final String DEPLOYMENT = """
            ---
            # Source: crowsnest/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: probe
            spec:
              %s
              selector:
                matchLabels:
                  app: probe
              template:
                metadata:
                  labels:
                    app: probe
                spec:
                  containers:
                    - name: probe
                      image: example/probe:1
                      %s
            """;

    private static List<String> problems(String specLine, String containerLine) {
        return Manifests.parse(DEPLOYMENT.formatted(specLine, containerLine)).problems();
    }

    @Test
    void aValidObjectHasNoProblem() {
        assertEquals(List.of(), problems("replicas: 2", "ports: [{name: http, containerPort: 8080}]"));
    }

    @Test
    void anUnknownFieldIsReportedWithItsPath() {
        List<String> problems = problems("replica: 2", "imagePullPolicy: Always");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("crowsnest/templates/deployment.yaml")
                && problems.get(0).contains("spec") && problems.get(0).contains("replica"), problems.get(0));
        List<String> nested = problems("replicas: 1", "readinessprobe: {periodSeconds: 5}");
        assertTrue(nested.size() == 1 && nested.get(0).contains("readinessprobe"), nested.toString());
    }

    @Test
    void wrongTypesAreReported() {
        assertEquals(1, problems("replicas: \"two\"", "").size(), "string for an integer");
        assertEquals(1, problems("replicas: 1", "env: [{name: PORT, value: 8080}]").size(), "number for a string");
        assertEquals(1, problems("replicas: 1", "stdin: \"true\"").size(), "string for a boolean");
        assertEquals(1, problems("replicas: 1", "ports: {name: http}").size(), "object for a list");
    }

    @Test
    void anUnexpectedKindIsReported() {
        List<String> problems = Manifests.parse("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: stray
                """).problems();
        assertTrue(problems.size() == 1 && problems.get(0).contains("unexpected kind v1/Pod"), problems.toString());
    }
}
