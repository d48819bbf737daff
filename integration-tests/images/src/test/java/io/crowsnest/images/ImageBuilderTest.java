package io.crowsnest.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.TarImage;

/**
 * Builds a service image offline, on a docker-save base tar made here, exactly as `make images`
 * does, and reads the resulting image back: its name, non-root user, entrypoint, ports, and the
 * three application layers on top of the base with the Quarkus fast-jar layout under /deployments.
 */
class ImageBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aServiceImageRunsTheQuarkusAppAsUid185OnTopOfTheBase() throws Exception {
        Path base = baseImage(dir.resolve("base.tar"));
        Path service = fakeService(dir.resolve("services/identity"));
        Path out = dir.resolve("identity.tar");

        ServiceImage image = ServiceImage.of(service);
        image.apply(ImageBuilder.from("tar://" + base), "1.2.3")
                .containerize(Containerizer.to(TarImage.at(out).named("crowsnest/identity:1.2.3")));

        Map<String, byte[]> files = entries(out);
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        assertEquals("crowsnest/identity:1.2.3", manifest.get("RepoTags").get(0).asText());
        JsonNode config = JSON.readTree(files.get(manifest.get("Config").asText())).get("config");
        assertEquals("185", config.get("User").asText());
        assertEquals("/deployments", config.get("WorkingDir").asText());
        assertEquals("/deployments/quarkus-run.jar", last(config.get("Entrypoint")));
        assertTrue(config.get("ExposedPorts").has("8081/tcp") && config.get("ExposedPorts").has("9081/tcp"));
        assertEquals("1.2.3", config.get("Labels").get("org.opencontainers.image.version").asText());

        List<String> layers = JSON.convertValue(manifest.get("Layers"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertEquals(4, layers.size(), "the base layer, then dependencies, Quarkus and the application");
        assertTrue(layerFiles(files.get(layers.get(1))).contains("deployments/lib/main/dep.jar"));
        assertTrue(layerFiles(files.get(layers.get(2))).contains("deployments/quarkus/generated-bytecode.jar"));
        List<String> application = layerFiles(files.get(layers.get(3)));
        assertTrue(application.contains("deployments/quarkus-run.jar"), application.toString());
        assertTrue(application.contains("deployments/app/identity.jar"), application.toString());
    }

    @Test
    void aServiceThatWasNotBuiltIsRefusedWithTheReason() throws Exception {
        Path service = fakeService(dir.resolve("services/profile"));
        Files.delete(service.resolve("target/quarkus-app/quarkus-run.jar"));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ServiceImage.of(service).apply(ImageBuilder.from("tar://" + baseImage(dir.resolve("b.tar"))), "1"));
        assertTrue(e.getMessage().contains("build the service first"), e.getMessage());
    }

    private static String last(JsonNode array) {
        return array.get(array.size() - 1).asText();
    }

    /** A docker-save tar with one layer holding /etc/passwd: enough of a base for Jib. */
    private static Path baseImage(Path tar) throws Exception {
        byte[] layer = tar(Map.of("etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8)));
        String diffId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"test/base:1\"],\"Layers\":[\"layer.tar\"]}]";
        Files.write(tar, tar(Map.of("manifest.json", manifest.getBytes(StandardCharsets.UTF_8), "config.json",
                config.getBytes(StandardCharsets.UTF_8), "layer.tar", layer)));
        return tar;
    }

    private static Path fakeService(Path service) throws IOException {
        Path app = service.resolve("target/quarkus-app");
        Map<String, String> files = Map.of("quarkus-run.jar", "run", "lib/main/dep.jar", "dep",
                "lib/boot/boot.jar", "boot", "quarkus/generated-bytecode.jar", "gen", "app/identity.jar", "app");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(app.resolve(f.getKey()).getParent());
            Files.writeString(app.resolve(f.getKey()), f.getValue());
        }
        Files.createDirectories(service.resolve("src/main/resources"));
        Files.writeString(service.resolve("src/main/resources/application.properties"),
                "quarkus.application.name=identity\nquarkus.http.port=8081\nquarkus.grpc.server.port=9081\n");
        return service;
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(f.getValue().length);
                out.putArchiveEntry(entry);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static List<String> layerFiles(byte[] gzippedTar) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(gzippedTar));
                TarArchiveInputStream in = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName().replaceFirst("^/", ""));
            }
        }
        return names;
    }
}
