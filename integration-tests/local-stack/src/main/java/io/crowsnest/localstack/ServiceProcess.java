package io.crowsnest.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One service running as its own JVM, its output written to a log file (a new one at each start). */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceSpec spec;
    private final Process process;
    private final Path log;
    private final int healthPort;

    private ServiceProcess(ServiceSpec spec, Process process, Path log, int healthPort) {
        this.spec = spec;
        this.process = process;
        this.log = log;
        this.healthPort = healthPort;
    }

    /** Starts the service; {@code healthPort} serves its /q/health (StackPorts.health). */
    static ServiceProcess start(ServiceSpec spec, Path runJar, Map<String, String> env, Path log, int healthPort,
            List<String> jvmOptions) throws IOException {
        if (!Files.isRegularFile(runJar)) {
            throw new IOException(runJar + " is missing: build first (`./mvnw -DskipTests install` or `make build`)");
        }
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dcrowsnest.local-stack=true");
        command.add("-jar");
        command.add(runJar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new ServiceProcess(spec, builder.start(), log, healthPort);
    }

    ServiceSpec spec() {
        return spec;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** True when /q/health/ready answers 200. */
    boolean isReady() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the log, to explain a failed start. */
    /**
     * The log line saying the service could not bind one of its ports, if there is one: Quarkus'
     * separate gRPC server logs it and keeps the process running, never ready.
     */
    Optional<String> bindFailure() {
        try {
            return bindFailure(Files.readAllLines(log));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> bindFailure(List<String> logLines) {
        return logLines.stream().filter(l -> l.contains("Port already bound") || l.contains("QuarkusBindException"))
                .findFirst();
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    void stop() {
        ProcessControl.stop(process, Duration.ofSeconds(15));
    }
}
