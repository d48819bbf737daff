package io.crowsnest.alertnotification;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the service's gRPC tests: the neighbours' addresses (injected by {@link Neighbours}) and
 * fresh clients for each test. Subclasses carry the same test resources, so one application serves
 * them all.
 */
abstract class ServiceTest {

    Neighbours.Address neighbours;
    ProviderServer.Provider provider;
    Fixtures f;

    @BeforeEach
    void connect() {
        f = new Fixtures(neighbours);
    }

    @AfterEach
    void disconnect() {
        f.close();
    }
}
