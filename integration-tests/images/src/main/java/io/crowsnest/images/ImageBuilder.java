package io.crowsnest.images;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;

/**
 * `make images`: builds crowsnest/&lt;service&gt;:&lt;version&gt; for every service with Jib, without a
 * Docker daemon. {@code [home] --base=<image> [--registry=<prefix>] [--version=<tag>]
 * [--services=a,b]}. The base is a registry reference (e.g. eclipse-temurin:17-jre) or
 * {@code tar:///path} to a docker-save tar (offline builds). Without --registry each image is
 * written to integration-tests/images/target/images/&lt;service&gt;.tar (docker-save format, loadable
 * with docker/podman load); with --registry it is pushed there (credentials from the Docker
 * config and credential helpers).
 */
public final class ImageBuilder {

    static final List<String> SERVICES = List.of("gateway", "identity", "profile", "scoring", "decisioning",
            "contact-governance", "alert-notification");

    private ImageBuilder() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(".");
        String base = null;
        String registry = "";
        String version = "0.1.0-SNAPSHOT";
        List<String> services = SERVICES;
        for (String arg : args) {
            if (arg.startsWith("--base=")) {
                base = arg.substring("--base=".length());
            } else if (arg.startsWith("--registry=")) {
                registry = arg.substring("--registry=".length());
            } else if (arg.startsWith("--version=")) {
                version = arg.substring("--version=".length());
            } else if (arg.startsWith("--services=")) {
                services = List.of(arg.substring("--services=".length()).split(","));
            } else {
                home = Path.of(arg);
            }
        }
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("--base=<registry image or tar:///path> is required (see docs/operations.md)");
        }
        PrintStream out = System.out;
        List<String> built = new ArrayList<>();
        for (String service : services) {
            ServiceImage image = ServiceImage.of(home.resolve("services").resolve(service));
            String name = (registry.isBlank() ? "" : registry.replaceAll("/+$", "") + "/") + "crowsnest/" + service + ":"
                    + version;
            out.printf("building %s on %s...%n", name, base);
            JibContainer container = image.apply(from(base), version).setCreationTime(Instant.now())
                    .containerize(registry.isBlank()
                            ? Containerizer.to(TarImage.at(tarOf(home, service)).named(name))
                            : Containerizer.to(RegistryImage.named(name).addCredentialRetriever(
                                    CredentialRetrieverFactory.forImage(ImageReference.parse(name),
                                            e -> out.println("  " + e.getMessage())).dockerConfig())));
            built.add(name + " " + container.getDigest());
            out.printf("  %s %s%s%n", name, container.getDigest(),
                    registry.isBlank() ? " -> " + tarOf(home, service) : " pushed");
        }
        out.printf("%d images built%n", built.size());
    }

    static JibContainerBuilder from(String base) throws Exception {
        if (base.startsWith("tar://")) {
            Path tar = Path.of(base.substring("tar://".length()));
            if (!Files.isRegularFile(tar)) {
                throw new IllegalArgumentException("base image tar " + tar + " does not exist");
            }
            return Jib.from(TarImage.at(tar));
        }
        return Jib.from(base);
    }

    static Path tarOf(Path home, String service) throws java.io.IOException {
        Path dir = home.resolve("integration-tests/images/target/images");
        Files.createDirectories(dir);
        return dir.resolve(service + ".tar");
    }
}
