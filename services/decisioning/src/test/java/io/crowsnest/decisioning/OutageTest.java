package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.RejectedAction;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With profile and scoring down (nothing listens where decisioning calls them) a decision is still
 * made on what is known — governance's verdicts and actions that read neither — and says what was
 * missing; candidates that needed the missing parts are left out with that reason.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "down", value = "profile,scoring"))
class OutageTest extends ThroughGrpc {

    @Test
    void aDecisionIsMadeOnWhatIsKnownAndSaysWhatWasMissing() {
        String plain = unique("plain-");
        String onScores = unique("on-scores-");
        String onProfile = unique("on-profile-");
        decisioning.createAction(Fixtures.create(plain, Fixtures.offer("Needs nothing")));
        decisioning.createAction(Fixtures.create(onScores, Fixtures.offer("Needs scores")
                .setEligibilityExpression("\"hot-lead\" in segments")));
        decisioning.createAction(Fixtures.create(onProfile, Fixtures.offer("Needs the profile")
                .setEligibilityExpression("profile.products.size() > 0")));
        DecideResponse d = decisioning.decide(Fixtures.decide("person-" + unique(""), Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(plain)
                .addCandidateActionIds(onScores).addCandidateActionIds(onProfile).build());
        assertEquals(List.of(plain), d.getActionsList().stream().map(a -> a.getActionId()).toList(), d.toString());
        assertTrue(d.getActions(0).getGovernance().getAllowed());
        assertEquals(List.of("PROFILE_UNAVAILABLE", "SCORES_UNAVAILABLE"),
                d.getWarningsList().stream().map(w -> w.getCode()).toList());
        assertEquals("SCORES_UNAVAILABLE", reason(d, onScores));
        assertEquals("PROFILE_UNAVAILABLE", reason(d, onProfile));
    }

    private static String reason(DecideResponse d, String actionId) {
        RejectedAction r = d.getRejectedList().stream().filter(x -> x.getActionId().equals(actionId)).findFirst()
                .orElseThrow();
        return r.getReasons(0).getCode();
    }
}
