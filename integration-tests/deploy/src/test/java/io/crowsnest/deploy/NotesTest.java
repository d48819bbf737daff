package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;

/**
 * NOTES.txt (printed after helm install) tells how to reach the gateway and call a service through
 * kubectl port-forward. Rendered by a client-only dry-run install: helm template leaves notes out.
 */
class NotesTest {

    private static String notes(String... valuesFiles) {
        FakeKubernetesApi.get();
        var install = new Helm(HelmChart.CHART).install().withName(HelmChart.RELEASE).withNamespace(HelmChart.NAMESPACE)
                .clientOnly().dryRun().withDryRunOption(DryRun.CLIENT);
        for (String file : valuesFiles) {
            install = install.withValuesFile(HelmChart.CHART.resolve(file));
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        assertTrue(notes >= 0, "the install prints notes:\n" + output);
        return output.substring(notes);
    }

    @Test
    void notesTellHowToReachTheGatewayAndCallAServiceWithBufCurl() {
        String notes = notes();
        assertTrue(notes.contains("kubectl -n crowsnest port-forward svc/crowsnest-gateway 8080:8080"), notes);
        assertTrue(notes.contains("curl -s http://localhost:8080/api/v1/status"), notes);
        assertTrue(notes.contains("kubectl -n crowsnest port-forward svc/crowsnest-contact-governance 9085:9085"), notes);
        assertTrue(notes.contains("npx @bufbuild/buf curl --protocol grpc --http2-prior-knowledge --list-methods http://localhost:9085"), notes);
        for (String service : new String[] {"identity 9081", "profile 9082", "scoring 9083", "decisioning 9084",
                "alert-notification 9086"}) {
            String[] nameAndPort = service.split(" ");
            assertTrue(notes.matches("(?s).*crowsnest-" + nameAndPort[0] + " +" + nameAndPort[1] + "\\b.*"), service + "\n" + notes);
        }
    }

    @Test
    void withAnIngressTheNotesGiveItsUrl() {
        assertTrue(notes("values-production.yaml").contains("https://crowsnest.example.com/api/v1/status"));
    }
}
