package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.marcnuri.helm.LintResult;

import io.crowsnest.deploy.HelmChart.ValueSet;

/** Wrong values fail at install time (values.schema.json, or the chart's own checks) and say where. */
class ValuesSchemaTest {

    @Test
    void aStringWhereReplicasMustBeAnIntegerFailsTemplateAndLintNamingTheField(@TempDir java.nio.file.Path work) {
        String message = HelmChart.templateFailure(ValueSet.of("wrong type", "test:values-wrong-type.yaml"));
        assertTrue(message.contains("services") && message.contains("gateway") && message.contains("replicas"),
                "the error names services.gateway.replicas: " + message);
        LintResult lint = HelmChart.lint(List.of(HelmChart.testResource("values-wrong-type.yaml")), work);
        assertTrue(lint.isFailed(), "helm lint fails too: " + lint.getMessages());
        assertTrue(String.join("\n", lint.getMessages()).contains("replicas"), String.join("\n", lint.getMessages()));
    }

    /** key, value (as --set), words the message must contain. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            mongodb.replicas                                   | 2              | replicas
            services.defaults.terminationGracePeriodSeconds    | 5              | terminationGracePeriodSeconds
            services.identity.httpPort                         | 70000          | httpPort
            observability.otlp.protocol                        | http           | protocol
            observability.otlp.samplingRatio                   | 2              | samplingRatio
            redis.appendfsync                                  | sometimes      | appendfsync
            services.identity.replica                          | 2              | replica
            services.scoring.resources.limits.memory           | lots           | memory
            image.pullPolicy                                   | Sometimes      | pullPolicy
            externalStores.mongodb.uris.identity               | postgres://x   | identity
            services.gateway.calls.billing[0]                  | GetBill        | billing
            services.gateway.calls.identity[0]                 | lookup-person  | identity
            services.profile.autoscaling.enabled               | yes            | enabled
            services.billing.grpcPort                          | 9099           | httpPort
            ingress.tls[0].hosts[0]                            | a.example.com  | secretName
            """)
    void wrongValuesFailWithAMessageNamingTheField(String key, String value, String expected) {
        Object typed = value.matches("-?\\d+") ? (Object) Long.valueOf(value) : value;
        String message = HelmChart.templateFailure(ValueSets.DEFAULT.with(key, typed));
        assertTrue(message.contains(expected), "message names " + expected + ": " + message);
    }

    @Test
    void externalStoresWithoutCredentialsFailWithTheFix() {
        String message = HelmChart.templateFailure(ValueSets.DEFAULT.with("mongodb.enabled", false));
        assertTrue(message.contains("existingSecret") && message.contains("externalStores.mongodb.uris"), message);
    }

    @Test
    void aCallToADisabledServiceFails() {
        String message = HelmChart.templateFailure(ValueSets.DEFAULT.with("services.identity.enabled", false));
        assertTrue(message.contains("\"identity\" is not an enabled service"), message);
    }
}
