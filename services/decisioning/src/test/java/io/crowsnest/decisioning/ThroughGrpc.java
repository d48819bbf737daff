package io.crowsnest.decisioning;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.grpc.ManagedChannel;

/**
 * What the tests share: a real gRPC client of the service under test, channels to its real
 * neighbours, and an active governance policy allowing one contact a week in all (so that a single
 * recorded contact caps a customer; see {@link Fixtures#activatePolicy}).
 */
abstract class ThroughGrpc {

    Neighbours.Address neighbours;

    protected ManagedChannel own;
    protected ManagedChannel profile;
    protected ManagedChannel governance;
    protected ManagedChannel identity;
    protected DecisioningServiceBlockingStub decisioning;

    @BeforeEach
    void connect() {
        own = Fixtures.channel(ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class));
        profile = Fixtures.channel(neighbours.port("profile"));
        governance = Fixtures.channel(neighbours.port("contact-governance"));
        identity = Fixtures.channel(neighbours.port("identity"));
        decisioning = DecisioningServiceGrpc.newBlockingStub(own);
        Fixtures.activatePolicy(governance, 1);
    }

    @AfterEach
    void disconnect() {
        List.of(own, profile, governance, identity).forEach(ManagedChannel::shutdownNow);
    }
}
