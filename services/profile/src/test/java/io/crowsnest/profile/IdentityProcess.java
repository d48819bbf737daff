package io.crowsnest.profile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real identity service for profile's tests: its built application started as a separate
 * process by the local stack (with its own in-memory MongoDB), and profile pointed at its gRPC port.
 * Tests reach it too, through the injected {@link Address}.
 */
public class IdentityProcess implements QuarkusTestResourceLifecycleManager {

    /** Where identity listens, for tests that call it directly. */
    public record Address(String host, int grpcPort) {
    }

    private LocalStack stack;
    private Address address;

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        stack = FreePort.startStack(ports -> LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(Path.of("target/identity-process").toAbsolutePath(), false)
                .withOnly(Set.of("identity")), "identity (services/identity)");
        address = new Address("127.0.0.1", stack.grpcPort("identity"));
        return Map.of("crowsnest.identity.host", address.host(), "crowsnest.identity.port",
                Integer.toString(address.grpcPort()));
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
