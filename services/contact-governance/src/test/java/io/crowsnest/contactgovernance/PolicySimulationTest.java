package io.crowsnest.contactgovernance;

import static io.crowsnest.contactgovernance.Governance.error;
import static io.crowsnest.contactgovernance.Governance.fields;
import static io.crowsnest.contactgovernance.Governance.reason;
import static io.crowsnest.contactgovernance.Governance.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyVersionRef;
import io.crowsnest.contactgovernance.v1.RuleSimulationCount;
import io.crowsnest.contactgovernance.v1.SimulatePolicyRequest;
import io.crowsnest.contactgovernance.v1.SimulatePolicyResponse;
import io.crowsnest.contactgovernance.v1.SimulationResult;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What-if over the real ledger: figures by division, channel, rule and person; nothing written. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class PolicySimulationTest {

    Governance g;

    @BeforeEach
    void connect() {
        g = new Governance();
    }

    @AfterEach
    void disconnect() {
        g.close();
    }

    private static Policy policy(String id, int emailPerWeek) {
        return Policy.newBuilder().setPolicyId(id).setDisplayName(id).setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2))
                .addFrequencyCaps(Governance.cap("email-weekly", CapScope.CAP_SCOPE_CHANNEL, Channel.CHANNEL_EMAIL,
                        emailPerWeek, Governance.window(1, WindowUnit.WINDOW_UNIT_WEEKS)))
                .build();
    }

    private List<SimulatePolicyResponse> simulate(SimulatePolicyRequest request) {
        List<SimulatePolicyResponse> messages = new ArrayList<>();
        g.stub.simulatePolicy(request).forEachRemaining(messages::add);
        return messages;
    }

    @Test
    void aDraftIsReplayedOverTheLedgerWithoutChangingIt() {
        g.activate(policy("lenient", 10));
        Instant now = Instant.now();
        for (int hoursAgo : new int[] { 72, 48, 24, 2 }) {
            g.madeAt("sim-a", Channel.CHANNEL_EMAIL, "cards", now.minus(Duration.ofHours(hoursAgo)));
        }
        g.madeAt("sim-b", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofHours(30)));
        g.madeAt("sim-b", Channel.CHANNEL_SMS, "travel", now.minus(Duration.ofHours(20)));
        g.madeAt("sim-c", Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(20)));

        List<SimulatePolicyResponse> messages = simulate(SimulatePolicyRequest.newBuilder()
                .setPolicy(policy("strict-draft", 2))
                .setTimeRange(TimeRange.newBuilder().setStart(ts(now.minus(Duration.ofDays(7)))))
                .build());
        assertTrue(messages.get(0).hasProgress(), "progress comes first");
        SimulatePolicyResponse last = messages.get(messages.size() - 1);
        assertTrue(last.hasResult(), "the stream ends with the result");
        SimulationResult result = last.getResult();
        assertEquals(6, result.getContactsEvaluated(), "sim-c's contact is before the range");
        assertEquals(2, result.getContactsBlocked(), "sim-a's third and fourth email");
        assertEquals(2, result.getPersonsEvaluated());
        assertEquals(1, result.getPersonsAffected());
        assertEquals("sim-a", result.getMostAffected(0).getPersonId());
        assertEquals(2, result.getMostAffected(0).getContactsBlocked());
        RuleSimulationCount rule = result.getByRule(0);
        assertEquals("email-weekly", rule.getRuleId());
        assertEquals(2, rule.getContactsBlockedOnlyByThisRule());
        assertEquals("cards", result.getByDivision(0).getDivision().getId());
        assertEquals(2, result.getByDivision(0).getContactsBlocked());
        assertEquals(Channel.CHANNEL_EMAIL, result.getByChannel(0).getChannel());
        assertEquals(List.of(PolicyVersionRef.newBuilder().setPolicyId("lenient").setVersion(1).build()),
                result.getGoverningPoliciesList());
        assertEquals(4, g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("sim-a")).build()).getEntriesCount(),
                "the simulation wrote nothing");

        var noStart = error(() -> simulate(SimulatePolicyRequest.newBuilder().setPolicy(policy("x", 1)).build()));
        assertEquals(List.of("time_range.start"), fields(noStart));
        var badDraft = error(() -> simulate(SimulatePolicyRequest.newBuilder().setPolicy(policy("x", 0))
                .setTimeRange(TimeRange.newBuilder().setStart(ts(now.minus(Duration.ofDays(1))))).build()));
        assertEquals(List.of("policy.frequency_caps[0].max_contacts"), fields(badDraft));
        var missing = error(() -> simulate(SimulatePolicyRequest.newBuilder()
                .setPolicyVersion(PolicyVersionRef.newBuilder().setPolicyId("lenient").setVersion(9))
                .setTimeRange(TimeRange.newBuilder().setStart(ts(now.minus(Duration.ofDays(1))))).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("POLICY_VERSION_NOT_FOUND", reason(missing));
    }
}
