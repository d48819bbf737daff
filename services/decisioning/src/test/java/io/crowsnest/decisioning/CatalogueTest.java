package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.v1.ActionChangeKind;
import io.crowsnest.decisioning.v1.ActionStatus;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetActionRequest;
import io.crowsnest.decisioning.v1.ListActionChangesRequest;
import io.crowsnest.decisioning.v1.ListActionsRequest;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.RetireActionRequest;
import io.crowsnest.decisioning.v1.UpdateActionRequest;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The action catalogue through gRPC: versions, the audit of changes, and what is refused on save. */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class CatalogueTest {

    private ManagedChannel own;
    private DecisioningServiceBlockingStub decisioning;

    @BeforeEach
    void connect() {
        own = Fixtures.channel(ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class));
        decisioning = DecisioningServiceGrpc.newBlockingStub(own);
    }

    @AfterEach
    void close() {
        own.shutdownNow();
    }

    @Test
    void everyChangeIsAVersionAuditedWithWhoWhenAndBeforeAfter() {
        String id = unique("gold-");
        decisioning.createAction(Fixtures.create(id, Fixtures.offer("Gold card")));
        var v2 = decisioning.updateAction(UpdateActionRequest.newBuilder().setActionId(id).setExpectedVersion(1)
                .setSpec(Fixtures.offer("Gold card, no fee the first year").setPriority(300)).setUpdatedBy("marketer-2")
                .setChangeNote("fee waived").setIdempotencyKey(unique("u-")).build()).getAction();
        assertEquals(2, v2.getVersion());
        StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> decisioning.updateAction(
                UpdateActionRequest.newBuilder().setActionId(id).setExpectedVersion(1)
                        .setSpec(Fixtures.offer("Gold card, other change")).setUpdatedBy("marketer-3")
                        .setIdempotencyKey(unique("u-")).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, stale.getStatus().getCode());
        assertEquals("ACTION_VERSION_CONFLICT", GrpcErrorDetails.reason(stale));

        assertEquals("Gold card", decisioning.getAction(GetActionRequest.newBuilder().setActionId(id).setVersion(1)
                .build()).getAction().getSpec().getName());
        var retired = decisioning.retireAction(RetireActionRequest.newBuilder().setActionId(id)
                .setReason(Reason.newBuilder().setCode("OFFER_ENDED")).setRetiredBy("marketer-2")
                .setIdempotencyKey(unique("r-")).build());
        assertEquals(ActionStatus.ACTION_STATUS_RETIRED, retired.getAction().getStatus());
        assertTrue(decisioning.retireAction(RetireActionRequest.newBuilder().setActionId(id)
                .setReason(Reason.newBuilder().setCode("OFFER_ENDED")).setRetiredBy("marketer-2")
                .setIdempotencyKey(unique("r-")).build()).getAlreadyRetired());

        var changes = decisioning.listActionChanges(ListActionChangesRequest.newBuilder().setActionId(id).build())
                .getChangesList();
        assertEquals(List.of(ActionChangeKind.ACTION_CHANGE_KIND_RETIRED, ActionChangeKind.ACTION_CHANGE_KIND_UPDATED,
                ActionChangeKind.ACTION_CHANGE_KIND_CREATED), changes.stream().map(c -> c.getKind()).toList());
        var update = changes.get(1);
        assertEquals("marketer-2", update.getActor());
        assertEquals("fee waived", update.getNote());
        assertEquals("Gold card", update.getBefore().getSpec().getName());
        assertEquals(300, update.getAfter().getSpec().getPriority());
        assertFalse(changes.get(2).hasBefore());

        var listed = decisioning.listActions(ListActionsRequest.newBuilder().setAllVersions(true).build())
                .getActionsList().stream().filter(a -> a.getActionId().equals(id)).toList();
        assertEquals(List.of(2, 1), listed.stream().map(a -> a.getVersion()).toList());
    }

    @Test
    void anExpressionThatDoesNotCompileIsRefusedWithItsPosition() {
        StatusRuntimeException e = refused(Fixtures.offer("Bad").setEligibilityExpression("scores[\"churn\"] > "));
        assertTrue(violation(e, "spec.eligibility_expression").startsWith("1:"), violation(e,
                "spec.eligibility_expression"));
    }

    @Test
    void anExpressionNamingAnUnknownFieldIsRefusedWithItsPosition() {
        StatusRuntimeException e = refused(Fixtures.offer("Bad").setEligibilityExpression(
                "profile.productz.size() > 0"));
        String v = violation(e, "spec.eligibility_expression");
        assertTrue(v.startsWith("1:8: ") && v.contains("productz"), v);
        StatusRuntimeException context = refused(Fixtures.offer("Bad").setContextWeightExpression(
                "context.pagee == \"x\" ? 2.0 : 1.0"));
        String c = violation(context, "spec.context_weight_expression");
        assertTrue(c.contains("undefined field 'pagee'"), c);
        StatusRuntimeException type = refused(Fixtures.offer("Bad").setPropensityExpression("\"high\""));
        assertTrue(violation(type, "spec.propensity_expression").contains("double or int"));
    }

    @Test
    void aTemplateNamingAMissingFieldIsRefusedWithItsPosition() {
        StatusRuntimeException e = refused(Fixtures.offer("Bad").setReasonTemplate("Hello\n{person.nickname}"));
        String v = violation(e, "spec.reason_template");
        assertTrue(v.startsWith("2:") && v.contains("nickname"), v);
        StatusRuntimeException unknown = refused(Fixtures.offer("Bad").addTemplates(MessageTemplate.newBuilder()
                .setChannel(Channel.CHANNEL_PHONE).setBody("{customer.name}")));
        assertTrue(violation(unknown, "spec.templates[0].body").contains("unknown name 'customer'"));
        StatusRuntimeException broken = refused(Fixtures.offer("Bad").setReasonTemplate("{#if x}unclosed"));
        assertTrue(violation(broken, "spec.reason_template").startsWith("1:"));
    }

    @Test
    void structuralMistakesAreEachNamedAndNothingIsSaved() {
        String id = unique("broken-");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> decisioning.createAction(
                Fixtures.create(id, Fixtures.offer("").setPriority(5000).clearContactCategory()
                        .addChannels(Channel.CHANNEL_PHONE))));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        List<String> fields = Fixtures.violations(e).stream().map(f -> f.getField()).toList();
        assertTrue(fields.containsAll(List.of("spec.name", "spec.priority", "spec.contact_category",
                "spec.channels[2]")), fields.toString());
        StatusRuntimeException reserved = assertThrows(StatusRuntimeException.class, () -> decisioning.createAction(
                Fixtures.create("changes", Fixtures.offer("Shadowing"))));
        assertEquals(List.of("action_id"), Fixtures.violations(reserved).stream().map(f -> f.getField()).toList());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> decisioning.getAction(GetActionRequest.newBuilder().setActionId(id).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    private StatusRuntimeException refused(io.crowsnest.decisioning.v1.ActionSpec.Builder spec) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> decisioning.createAction(Fixtures.create(unique("bad-"), spec)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        return e;
    }

    private static String violation(StatusRuntimeException e, String field) {
        return Fixtures.violations(e).stream().filter(f -> f.getField().equals(field))
                .map(f -> f.getDescription()).findFirst().orElse("no violation of " + field + " in " + e);
    }
}
