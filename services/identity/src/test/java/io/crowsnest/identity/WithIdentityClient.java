package io.crowsnest.identity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh real gRPC client of the service under test around each test. */
abstract class WithIdentityClient {

    Identities identity;

    @BeforeEach
    void connect() {
        identity = new Identities();
    }

    @AfterEach
    void close() {
        identity.close();
    }
}
