package io.crowsnest.scoring;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh real gRPC client of the service under test around each test. */
abstract class WithScoringClient {

    Scoring scoring;

    @BeforeEach
    void connect() {
        scoring = new Scoring();
    }

    @AfterEach
    void close() {
        scoring.close();
    }
}
