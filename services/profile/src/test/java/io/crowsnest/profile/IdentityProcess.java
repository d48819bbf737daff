package io.crowsnest.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
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
        IOException last = null;
        // ports are picked free, but one may be taken before identity binds it: pick again
        for (int attempt = 0; attempt < 4 && stack == null; attempt++) {
            StackPorts ports = new StackPorts(FreePort.pick() - 1, FreePort.pick() - 1, FreePort.pick(),
                    FreePort.pick());
            LocalStack.Options options = LocalStack.Options.defaults(home).withPorts(ports)
                    .withStateDir(Path.of("target/identity-process").toAbsolutePath(), false)
                    .withOnly(Set.of("identity"));
            try {
                stack = LocalStack.start(options, System.out);
            } catch (IOException e) {
                last = e;
                if (e.getMessage() == null || !e.getMessage().contains("already in use")) {
                    break;
                }
            }
        }
        if (stack == null) {
            throw new UncheckedIOException("identity did not start (is services/identity built?)", last);
        }
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
