package io.crowsnest.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole Crowsnest suite on one machine: stores first ({@link StackStores}), then the seven
 * services as separate processes, then a wait until every service reports ready. {@code make run}
 * runs it through {@link MakeRun}; the end-to-end tests call {@link #start} and close the returned
 * stack.
 */
public final class LocalStack implements AutoCloseable {

    private static final String GATEWAY = "gateway";

    /**
     * How to run the stack.
     *
     * @param home       repository root (holds services/)
     * @param stateDir   where data, logs and the pid file go
     * @param ports      the ports to use
     * @param durable    keep store data across restarts (make run) or not (tests)
     * @param extraEnv   environment added to every service (e.g. OTLP settings in tests)
     * @param jvmOptions options of every service JVM
     * @param readyTimeout how long to wait for all services to report ready
     * @param only       names of the services to start; empty means all seven
     */
    public record Options(Path home, Path stateDir, StackPorts ports, boolean durable, Map<String, String> extraEnv,
            List<String> jvmOptions, Duration readyTimeout, Set<String> only) {

        public static Options defaults(Path home) {
            return new Options(home, home.resolve(".crowsnest"), StackPorts.DEFAULT, true, Map.of(),
                    List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    // generous: a start that needs it costs nothing when the machine is quick, and a
                    // machine running a build beside took Keycloak over 120 s to answer
                    Duration.ofSeconds(300), Set.of());
        }

        public Options withPorts(StackPorts newPorts) {
            return new Options(home, stateDir, newPorts, durable, extraEnv, jvmOptions, readyTimeout, only);
        }

        public Options withStateDir(Path dir, boolean keepData) {
            return new Options(home, dir, ports, keepData, extraEnv, jvmOptions, readyTimeout, only);
        }

        public Options withExtraEnv(Map<String, String> env) {
            return new Options(home, stateDir, ports, durable, Map.copyOf(env), jvmOptions, readyTimeout, only);
        }

        /** Starts only these services (and the stores they own), e.g. for a benchmark of one service. */
        public Options withOnly(Set<String> services) {
            return new Options(home, stateDir, ports, durable, extraEnv, jvmOptions, readyTimeout, Set.copyOf(services));
        }

        /** JVM options of every service, e.g. a larger heap and the JIT's full tiers for a benchmark. */
        public Options withJvmOptions(List<String> options) {
            return new Options(home, stateDir, ports, durable, extraEnv, List.copyOf(options), readyTimeout, only);
        }

        List<ServiceSpec> services() {
            return ServiceSpec.ALL.stream().filter(s -> only.isEmpty() || only.contains(s.name())).toList();
        }
    }

    private final Options options;
    private final Map<String, Map<String, String>> serviceEnv;
    private final PrintStream out;
    private final StackState state;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final StackStores stores;
    private LocalKeycloak keycloak;
    private ServiceAuth serviceAuth;
    private volatile boolean closed;

    /** The options the stack was started with. */
    Options options() {
        return options;
    }

    LocalStack(Options options, PrintStream out) {
        this(options, Map.of(), out);
    }

    private LocalStack(Options options, Map<String, Map<String, String>> serviceEnv, PrintStream out) {
        this.options = options;
        this.serviceEnv = Map.copyOf(serviceEnv);
        this.out = out;
        this.state = new StackState(options.stateDir());
        this.stores = new StackStores(options);
    }

    /** Starts everything and returns once every service is ready; on failure nothing is left running. */
    public static LocalStack start(Options options, PrintStream out) throws IOException {
        return start(options, Map.of(), out);
    }

    /**
     * Starts everything with environment added to single services ({@code serviceEnv} by service
     * name, applied after {@link Options#extraEnv()}), e.g. to point one service at a store of the
     * test's own.
     */
    public static LocalStack start(Options options, Map<String, Map<String, String>> serviceEnv, PrintStream out)
            throws IOException {
        LocalStack stack = new LocalStack(options, serviceEnv, out);
        try {
            stack.startAll();
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    void startAll() throws IOException {
        state.reclaim(out);
        state.record(List.of());
        StackPorts ports = options.ports();
        requirePortsFree(ports);
        // every service's key pair and allow-list (helm/crowsnest/values.yaml), as the chart gives them
        serviceAuth = ServiceAuth.create(options.home(), options.stateDir().resolve("service-auth"));
        Path logs = options.stateDir().resolve("logs");

        LocalMongo started = stores.openMongo();
        adopt(() -> stores.adoptMongo(started), started::close);
        out.printf("started MongoDB wire-protocol server (mongo-java-server) on %s%n", stores.mongoUri());
        for (ServiceSpec spec : options.services()) {
            if (spec.ownsRedis()) {
                LocalRedis server = stores.startRedisOf(spec);
                adopt(() -> stores.adoptRedis(spec.name(), server), server::close);
                out.printf("started redis-server for %s on %s%n", spec.name(), server.uri());
            }
        }
        if (options.services().stream().anyMatch(s -> s.name().equals(GATEWAY))) {
            LocalKeycloak provider = LocalKeycloak.start(options.home(), ports.keycloak(), logs.resolve("keycloak.log"));
            adopt(() -> keycloak = provider, provider::close);
            out.printf("started Keycloak (OIDC provider) on http://localhost:%d%n", ports.keycloak());
        }
        for (ServiceSpec spec : options.services()) {
            if (spec.name().equals(GATEWAY)) {
                // the gateway reads the provider's discovery document when it starts
                keycloak.awaitReady(options.readyTimeout());
                out.printf("  %-20s ready%n", "keycloak");
            }
            Path jar = options.home().resolve("services").resolve(spec.name())
                    .resolve("target/quarkus-app/quarkus-run.jar");
            ServiceProcess service = ServiceProcess.start(spec, jar, environment(spec),
                    logs.resolve(spec.name() + ".log"), ports.health(spec), options.jvmOptions());
            adopt(() -> services.add(service), service::stop);
        }
        out.printf("started %d services, waiting until they are ready...%n", services.size());
        awaitReady(services);
    }

    /**
     * Starts one more instance of a running service against the same stores and peers, as a second
     * Kubernetes replica would run, and returns once it is ready. It stops with the stack. For the
     * gateway, which serves no gRPC, {@code grpcPort} is its management port (/q/health, /q/metrics).
     */
    public void startReplica(String serviceName, int httpPort, int grpcPort) throws IOException {
        ServiceSpec spec = spec(serviceName);
        Map<String, String> env = environment(spec);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_GRPC_SERVER_PORT", Integer.toString(grpcPort));
        if (!spec.grpcServer()) {
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(grpcPort));
        }
        Path jar = options.home().resolve("services").resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess replica = ServiceProcess.start(spec, jar, env,
                options.stateDir().resolve("logs").resolve(spec.name() + "-" + grpcPort + ".log"),
                spec.grpcServer() ? httpPort : grpcPort,
                options.jvmOptions());
        adopt(() -> services.add(replica), replica::stop);
        awaitReady(List.of(replica));
    }

    /**
     * Takes the MongoDB stand-in away, as a MongoDB that goes down: its open connections are closed
     * and new ones refused until {@link #startMongo()}. Every service of the stack loses its database.
     */
    public void stopMongo() {
        stores.stopMongo();
    }

    /**
     * Starts the MongoDB stand-in again on its port. A durable stack finds its data again (every
     * acknowledged write was committed to the file); an in-memory one comes back empty.
     */
    public void startMongo() throws IOException {
        stores.startMongo();
    }

    /** Stops a service's Redis (SIGTERM: it writes its append-only file out first), until {@link #startRedis}. */
    public void stopRedis(String serviceName) {
        stores.stopRedis(serviceName);
    }

    /**
     * Starts a service's Redis again on its port and returns once it answers PING. A durable stack's
     * Redis reloads its append-only file, unless {@code empty}: then its files are deleted first, as
     * when a Redis is lost and replaced by a fresh one.
     */
    public void startRedis(String serviceName, boolean empty) throws IOException {
        stores.startRedis(serviceName, empty);
        synchronized (this) {
            recordPids();
        }
    }

    /** The Redis URI of a service's own Redis (for tests and benchmarks that measure it directly). */
    public String redisUri(String serviceName) {
        return stores.redisUri(serviceName);
    }

    /**
     * The stack's service-to-service authentication: every service's key and allow-list, and tokens
     * for tests that call a service directly as a named caller ({@code serviceAuth().as("gateway")}).
     */
    public ServiceAuth serviceAuth() {
        return serviceAuth;
    }

    /** The MongoDB connection string. */
    public String mongoUri() {
        return stores.mongoUri();
    }

    private void requirePortsFree(StackPorts ports) throws IOException {
        StackState.requireFree("MongoDB", ports.mongo());
        StackState.requireFree("Keycloak", ports.keycloak());
        for (ServiceSpec spec : options.services()) {
            StackState.requireFree(spec.name() + " HTTP", ports.http(spec));
            if (spec.grpcServer()) {
                StackState.requireFree(spec.name() + " gRPC", ports.grpc(spec));
            } else {
                StackState.requireFree(spec.name() + " management", ports.health(spec));
            }
            if (spec.ownsRedis()) {
                StackState.requireFree(spec.name() + " Redis", ports.redis(spec));
            }
        }
    }

    /** A service's environment: its ports, its own stores and the gRPC address of every peer. */
    private Map<String, String> environment(ServiceSpec spec) {
        return ServiceEnvironment.of(spec, options.ports(), stores, keycloak, serviceAuth, options.extraEnv(),
                serviceEnv.getOrDefault(spec.name(), Map.of()));
    }

    private void awaitReady(List<ServiceProcess> starting) throws IOException {
        long started = System.nanoTime();
        long deadline = started + options.readyTimeout().toNanos();
        List<ServiceProcess> pending = new ArrayList<>(starting);
        while (!pending.isEmpty()) {
            if (closed) {
                throw new IOException("stopped during start-up");
            }
            for (ServiceProcess service : List.copyOf(pending)) {
                if (!service.isAlive()) {
                    throw new IOException(service.spec().name() + " exited during start-up; last log lines ("
                            + service.log() + "):" + System.lineSeparator() + service.logTail(30));
                }
                Optional<String> unbound = service.bindFailure();
                if (unbound.isPresent()) {
                    throw new IOException(service.spec().name() + " runs but could not bind a port ("
                            + service.log() + "): " + unbound.get());
                }
                if (service.isReady()) {
                    pending.remove(service);
                    out.printf("  %-20s ready after %4.1f s%n", service.spec().name(),
                            (System.nanoTime() - started) / 1e9);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("not ready within " + options.readyTimeout().toSeconds() + " s: "
                        + pending.stream().map(s -> s.spec().name() + " (log " + s.log() + "), last log lines:"
                                + System.lineSeparator() + s.logTail(15))
                                .collect(Collectors.joining(System.lineSeparator())));
            }
            sleep(250);
        }
    }

    /** Takes a started child into the stack, unless the stack was stopped meanwhile (Ctrl-C). */
    private synchronized void adopt(Runnable keep, Runnable discard) throws IOException {
        if (closed) {
            discard.run();
            throw new IOException("stopped during start-up");
        }
        keep.run();
        recordPids();
    }

    private void recordPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        pids.addAll(stores.redisPids().values());
        services.forEach(s -> pids.add(s.pid()));
        if (keycloak != null) {
            pids.add(keycloak.pid());
        }
        state.record(pids);
    }

    /**
     * The process id of every child the stack runs, by a name for people: each service (a replica
     * started later as "name#2"...) and each redis-server as "redis (service)". The MongoDB
     * wire-protocol server runs inside this JVM.
     */
    public synchronized Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach(s -> {
            String name = s.spec().name();
            for (int n = 2; pids.containsKey(name); n++) {
                name = s.spec().name() + "#" + n;
            }
            pids.put(name, s.pid());
        });
        stores.redisPids().forEach((service, pid) -> pids.put("redis (" + service + ")", pid));
        if (keycloak != null) {
            pids.put("keycloak", keycloak.pid());
        }
        return pids;
    }

    /** Port of the gateway's HTTP API. */
    public int gatewayPort() {
        return options.ports().http(ServiceSpec.ALL.get(ServiceSpec.ALL.size() - 1));
    }

    /** The local OIDC provider (Keycloak), or null when the stack runs without the gateway. */
    public LocalKeycloak keycloak() {
        return keycloak;
    }

    /** gRPC port of a service, by name. */
    public int grpcPort(String serviceName) {
        return options.ports().grpc(spec(serviceName));
    }

    /** HTTP port of a service, by name. */
    public int httpPort(String serviceName) {
        return options.ports().http(spec(serviceName));
    }

    /** The port serving a service's /q/health and /q/metrics (the gateway's management port), by name. */
    public int healthPort(String serviceName) {
        return options.ports().health(spec(serviceName));
    }

    private static ServiceSpec spec(String name) {
        return ServiceSpec.ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    /**
     * Loads the demo data set (resource demo/demo.http) through the gateway's API, once: a durable
     * stack remembers that it did (data/demo.loaded). A failure is reported, the stack keeps running.
     */
    public void loadDemoData(PrintStream progress) throws IOException {
        MakeRun.loadDemoData(this, progress);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        services.parallelStream().forEach(ServiceProcess::stop);
        if (keycloak != null) {
            keycloak.close();
        }
        stores.close();
        state.clear();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for services", e);
        }
    }
}
