package io.crowsnest.alertnotification;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real neighbours of alert-notification for its tests: identity, profile, scoring and contact-governance,
 * their built applications started as processes by the local stack (with their own in-memory
 * MongoDB and governance's own Redis), and the service pointed at their gRPC ports. Tests reach
 * them too, through the injected {@link Address}.
 */
public class Neighbours implements QuarkusTestResourceLifecycleManager {

    /** Where the neighbours listen, for tests that call them directly. */
    public record Address(int identity, int profile, int governance, int scoring) {
    }

    private LocalStack stack;
    private Address address;

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        stack = FreePort.startStack(ports -> LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(Path.of("target/neighbours").toAbsolutePath(), false)
                .withOnly(Set.of("identity", "profile", "scoring", "contact-governance")),
                "the neighbours identity, profile, scoring and contact-governance");
        address = new Address(stack.grpcPort("identity"), stack.grpcPort("profile"),
                stack.grpcPort("contact-governance"), stack.grpcPort("scoring"));
        return Map.of("crowsnest.identity.host", "127.0.0.1", "crowsnest.identity.port",
                Integer.toString(address.identity()), "crowsnest.profile.host", "127.0.0.1", "crowsnest.profile.port",
                Integer.toString(address.profile()), "crowsnest.contact-governance.host", "127.0.0.1",
                "crowsnest.contact-governance.port", Integer.toString(address.governance()), "crowsnest.scoring.host",
                "127.0.0.1", "crowsnest.scoring.port", Integer.toString(address.scoring()));
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
