package io.crowsnest.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.crowsnest.gateway.api.GrpcProblems;
import io.crowsnest.gateway.api.Problem;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A call that ends without the service's own answer names the service; the service's own answers pass. */
class PeerStatusesTest {

    @Test
    void theServiceOfAContractIsNamedAsEverywhereElse() {
        assertEquals("contact-governance", PeerStatuses.peer("crowsnest.contactgovernance.v1.ContactGovernanceService"));
        assertEquals("alert-notification", PeerStatuses.peer("crowsnest.alertnotification.v1.AlertNotificationService"));
        assertEquals("identity", PeerStatuses.peer("crowsnest.identity.v1.IdentityService"));
        assertNull(PeerStatuses.peer("grpc.health.v1.Health"));
    }

    @Test
    void theGatewaysDeadlineBecomesAProblemNamingTheSlowService() {
        Status library = Status.DEADLINE_EXCEEDED.withDescription(
                "deadline exceeded after 4.999s. [closed=[], open=[[remote_addr=/127.0.0.1:40105]]]");
        Problem problem = GrpcProblems.toProblem(PeerStatuses.named("contact-governance", library, new Metadata()));
        assertEquals(504, problem.status());
        assertEquals("CONTACT_GOVERNANCE_UNAVAILABLE", problem.reason());
        assertEquals("contact-governance did not answer within the gateway's deadline; retry later", problem.detail());

        Problem away = GrpcProblems.toProblem(PeerStatuses.named("scoring", Status.UNAVAILABLE.withDescription("io exception"),
                new Metadata()));
        assertEquals(503, away.status());
        assertEquals("SCORING_UNAVAILABLE", away.reason());
        assertEquals("scoring is not reachable right now; retry later", away.detail());
    }

    @Test
    void anAnswerTheServiceGaveItselfPasses() {
        StatusRuntimeException own = GrpcErrors.error(Status.Code.UNAVAILABLE, "MONGODB_UNAVAILABLE", "MongoDB is away");
        assertNull(PeerStatuses.named("profile", own.getStatus(), own.getTrailers()));
        assertNull(PeerStatuses.named("profile", Status.NOT_FOUND, new Metadata()));
    }
}
