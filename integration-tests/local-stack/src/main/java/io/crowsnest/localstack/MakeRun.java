package io.crowsnest.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make run}: the local stack started from the command line, kept running until Ctrl-C, with
 * the demo data loaded once and a table of what runs where printed when it is up.
 */
public final class MakeRun {

    private MakeRun() {
    }

    /**
     * {@code make run}: starts the stack and runs until Ctrl-C.
     * Arguments: {@code [repository-root] [--state-dir=DIR] [--in-memory] [--no-demo]
     * [--ports=HTTP_BASE,GRPC_BASE,MONGO,REDIS_BASE]}.
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(".");
        Path stateDir = null;
        StackPorts ports = StackPorts.DEFAULT;
        boolean durable = true;
        boolean demo = true;
        for (String arg : args) {
            if (arg.startsWith("--state-dir=")) {
                stateDir = Path.of(arg.substring("--state-dir=".length()));
            } else if (arg.equals("--in-memory")) {
                durable = false;
            } else if (arg.equals("--no-demo")) {
                demo = false;
            } else if (arg.startsWith("--ports=")) {
                String[] p = arg.substring("--ports=".length()).split(",");
                ports = new StackPorts(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                        Integer.parseInt(p[3]));
            } else if (!arg.startsWith("--")) {
                home = Path.of(arg);
            } else {
                System.err.println("unknown option " + arg);
                System.exit(2);
            }
        }
        home = home.toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("services"))) {
            System.err.println("run from the repository root (no services/ folder in " + home + ")");
            System.exit(2);
        }
        LocalStack.Options options = LocalStack.Options.defaults(home).withPorts(ports);
        options = options.withStateDir(stateDir == null ? options.stateDir() : stateDir.toAbsolutePath(), durable);
        // The MongoDB stand-in runs in this JVM: its logging goes to a file, not over the table.
        Path logs = options.stateDir().resolve("logs");
        Files.createDirectories(logs);
        System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("mongo.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        LocalStack stack = new LocalStack(options, System.out);
        // Registered before anything starts, so that Ctrl-C during start-up leaves nothing running.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping Crowsnest...");
            stack.close();
            System.out.println("stopped; nothing left running");
        }, "local-stack-shutdown"));
        try {
            stack.startAll();
        } catch (IOException | RuntimeException e) {
            System.err.println("Crowsnest did not start: " + e.getMessage());
            System.exit(1);
        }
        if (demo) {
            stack.loadDemoData(System.out);
        }
        System.out.println();
        System.out.println("Crowsnest is running. Press Ctrl-C to stop everything.");
        System.out.print(describe(stack));
        Thread.currentThread().join();
    }

    /**
     * Loads the demo data set (resource demo/demo.http) through the gateway's API, once: a durable
     * stack remembers that it did (data/demo.loaded). A failure is reported, the stack keeps running.
     */
    static void loadDemoData(LocalStack stack, PrintStream progress) throws IOException {
        LocalStack.Options options = stack.options();
        Path marker = options.stateDir().resolve("data/demo.loaded");
        if (options.durable() && Files.exists(marker)) {
            progress.println("demo data: loaded on an earlier start (make clean to start over, make run DEMO=0 for none)");
            return;
        }
        String script;
        try (var in = MakeRun.class.getResourceAsStream("/demo/demo.http")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            new GatewayImport("http://localhost:" + stack.gatewayPort(), stack.keycloak(), progress).run("demo data", script);
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, java.time.Instant.now() + System.lineSeparator());
        } catch (IOException e) {
            progress.println("demo data: not loaded: " + e.getMessage());
        }
    }

    /** The table printed once the stack is up: what runs where, what to open, how to sign in. */
    static String describe(LocalStack stack) {
        LocalStack.Options options = stack.options();
        StackPorts ports = options.ports();
        LocalKeycloak keycloak = stack.keycloak();
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-20s %-24s %-18s %s%n", "SERVICE", "HTTP", "gRPC", "STORES"));
        for (ServiceSpec spec : options.services()) {
            List<String> stores = new ArrayList<>();
            if (spec.mongoDatabase() != null) {
                stores.add("mongodb db=" + spec.mongoDatabase());
            }
            if (spec.ownsRedis()) {
                stores.add("redis :" + ports.redis(spec));
            }
            table.append(String.format("%-20s %-24s %-18s %s%n", spec.name(), "http://localhost:" + ports.http(spec),
                    spec.grpcServer() ? "localhost:" + ports.grpc(spec) : "-",
                    stores.isEmpty() ? "-" : String.join(", ", stores)));
        }
        table.append(String.format("%nMongoDB: %s (%s)%n", stack.mongoUri(),
                options.durable() ? "data in " + options.stateDir().resolve("data") : "in memory"));
        table.append(String.format("Logs: %s (one file per service, keycloak.log, mongo.log)%n",
                options.stateDir().resolve("logs")));
        table.append(String.format("gRPC calls need a service token: make token SERVICE=<name> (docs/security.md)%n"));
        if (keycloak != null) {
            int gateway = stack.gatewayPort();
            table.append(String.format("%n%-44s %s%n", "OPEN", "WHAT"));
            table.append(String.format("%-44s %s%n", "http://localhost:" + gateway + "/console", "agent console"));
            table.append(String.format("%-44s %s%n", "http://localhost:" + gateway + "/q/swagger-ui",
                    "HTTP API documentation (calls need a Bearer token)"));
            table.append(String.format("%-44s %s%n", "http://localhost:" + gateway + "/api/v1/status", "status page"));
            table.append(String.format("%-44s %s%n", "http://localhost:" + stack.healthPort("gateway") + "/q/health",
                    "gateway health and /q/metrics (management port, apart from the API)"));
            table.append(String.format("%-44s %s%n", keycloak.issuer(), "OIDC provider (Keycloak)"));
            table.append(String.format("%nSign in as ann/ann (agent), bob/bob (agent), sue/sue (supervisor), ada/ada (admin)."
                    + "%nA token for the API: curl -s -d grant_type=password -d client_id=%s -d username=ann"
                    + " -d password=ann %s/protocol/openid-connect/token%n", LocalKeycloak.CLI_CLIENT,
                    keycloak.issuer()));
        }
        return table.toString();
    }
}
