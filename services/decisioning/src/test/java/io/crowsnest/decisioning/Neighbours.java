package io.crowsnest.decisioning;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * decisioning's real neighbours for its tests: identity, profile, scoring, contact-governance and
 * alert-notification,
 * each its built application started as a process by the local stack (with their stores), and
 * decisioning pointed at them and at the stack's MongoDB (its own database there). Tests reach the
 * neighbours through the injected {@link Address}.
 */
public class Neighbours implements QuarkusTestResourceLifecycleManager {

    /** The gRPC ports of the neighbours, for tests that prepare data through them. */
    public record Address(Map<String, Integer> grpcPorts, LocalStack stack) {
        public int port(String service) {
            return grpcPorts.get(service);
        }
    }

    private static final Set<String> SERVICES = Set.of("identity", "profile", "scoring", "contact-governance",
            "alert-notification");

    private LocalStack stack;
    private Address address;
    private Set<String> down = Set.of();

    /** Init arg "down": comma-separated neighbours not started, so that decisioning finds them unreachable. */
    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault("down", "");
        down = names.isBlank() ? Set.of() : Set.of(names.split(","));
    }

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        stack = FreePort.startStack(ports -> LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(Path.of("target/neighbours").toAbsolutePath(), false).withOnly(SERVICES.stream()
                        .filter(s -> !down.contains(s)).collect(java.util.stream.Collectors.toSet())),
                "the neighbour services");
        Map<String, Integer> grpc = new HashMap<>();
        Map<String, String> config = new HashMap<>();
        config.put("crowsnest.mongodb.uri", stack.mongoUri());
        for (String s : SERVICES) {
            int port = down.contains(s) ? FreePort.pick() : stack.grpcPort(s);
            grpc.put(s, port);
            config.put("crowsnest." + s + ".host", "127.0.0.1");
            config.put("crowsnest." + s + ".port", Integer.toString(port));
        }
        address = new Address(Map.copyOf(grpc), stack);
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(address, new TestInjector.MatchesType(Address.class));
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}
