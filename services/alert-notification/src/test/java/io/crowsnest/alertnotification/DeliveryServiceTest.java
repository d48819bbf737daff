package io.crowsnest.alertnotification;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the delivery tests: the real contact-governance with the tests' policy, and a person reachable by SMS and email. */
abstract class DeliveryServiceTest extends ServiceTest {

    GovernanceFixture governance;
    String person;

    @BeforeEach
    void governanceAndPerson() {
        governance = new GovernanceFixture(neighbours);
        person = f.reachablePerson();
    }

    @AfterEach
    void closeGovernance() {
        governance.close();
    }
}
