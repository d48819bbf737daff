package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.marcnuri.helm.LintResult;

/** helm lint --strict: no error and no warning, with the default, production and external values. */
class ChartLintTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"values.yaml", "values-production.yaml", "values-external.yaml", "values-k8s.yaml"})
    void lintsCleanInStrictMode(String valuesFile, @TempDir Path work) {
        List<Path> files = valuesFile.equals("values.yaml") ? List.of() : List.of(HelmChart.CHART.resolve(valuesFile));
        LintResult result = HelmChart.lint(files, work);
        String messages = String.join("\n", result.getMessages());
        assertFalse(result.isFailed(), "helm lint --strict failed:\n" + messages);
        assertEquals(List.of(), result.getMessages().stream()
                .filter(m -> m.contains("[WARNING]") || m.contains("[ERROR]")).toList(), messages);
    }
}
