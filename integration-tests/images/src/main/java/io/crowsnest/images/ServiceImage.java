package io.crowsnest.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;

/**
 * What goes into one service's image on top of the base: the Quarkus fast-jar layout of
 * target/quarkus-app under /deployments, in three layers ordered from least to most often
 * changed (dependencies, Quarkus's generated code, the application), run as uid 185 with the
 * service's HTTP and gRPC ports exposed.
 */
record ServiceImage(String name, Path quarkusApp, int httpPort, int grpcPort) {

    static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");
    static final String USER = "185";

    /** Reads the service's ports from its application.properties next to target/quarkus-app. */
    static ServiceImage of(Path serviceDir) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(serviceDir.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        String name = properties.getProperty("quarkus.application.name", serviceDir.getFileName().toString());
        int http = Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
        int grpc = Integer.parseInt(properties.getProperty("quarkus.grpc.server.port", "0"));
        return new ServiceImage(name, serviceDir.resolve("target/quarkus-app"), http, grpc);
    }

    /** Adds the layers, entrypoint, user, ports and labels to a builder started from the base image. */
    JibContainerBuilder apply(JibContainerBuilder builder, String version) throws IOException {
        if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
            throw new IOException(quarkusApp + "/quarkus-run.jar is missing: build the service first (make build)");
        }
        builder.addFileEntriesLayer(layer("dependencies", quarkusApp.resolve("lib")))
                .addFileEntriesLayer(layer("quarkus", quarkusApp.resolve("quarkus")))
                .addFileEntriesLayer(application())
                .setWorkingDirectory(DEPLOYMENTS)
                .setUser(USER)
                .setEntrypoint("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar",
                        DEPLOYMENTS.resolve("quarkus-run.jar").toString())
                .addExposedPort(Port.tcp(httpPort))
                .addLabel("org.opencontainers.image.title", "crowsnest-" + name)
                .addLabel("org.opencontainers.image.version", version)
                .addLabel("org.opencontainers.image.source", "https://github.com/crowsnest/crowsnest");
        if (grpcPort > 0) {
            builder.addExposedPort(Port.tcp(grpcPort));
        }
        return builder;
    }

    private FileEntriesLayer layer(String layerName, Path dir) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(layerName);
        for (Path file : files(dir)) {
            layer.addEntry(file, DEPLOYMENTS.resolve(quarkusApp.relativize(file).toString().replace('\\', '/')));
        }
        return layer.build();
    }

    private FileEntriesLayer application() throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        layer.addEntry(quarkusApp.resolve("quarkus-run.jar"), DEPLOYMENTS.resolve("quarkus-run.jar"));
        for (Path file : files(quarkusApp.resolve("app"))) {
            layer.addEntry(file, DEPLOYMENTS.resolve(quarkusApp.relativize(file).toString().replace('\\', '/')));
        }
        return layer.build();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
