package io.crowsnest.decisioning;

import java.time.Instant;
import java.util.UUID;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.grpc.ManagedChannel;

/** Data prepared through the real neighbours' gRPC APIs, and requests the tests send. */
final class Fixtures {

    /** The governance instances (by address) whose policy the tests activated already. */
    private static final java.util.Set<String> POLICY_ACTIVE = new java.util.HashSet<>();

    private Fixtures() {
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 12);
    }

    static ManagedChannel channel(int port) {
        return SignedChannels.to(port);
    }

    /** Activates a policy: divisions retail and cards, at most `global` contacts a week in all. */
    static synchronized void activatePolicy(ManagedChannel governance, int global) {
        if (!POLICY_ACTIVE.add(governance.authority())) {
            return;
        }
        var stub = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        RollingWindow week = RollingWindow.newBuilder().setLength(1).setUnit(WindowUnit.WINDOW_UNIT_WEEKS).build();
        Policy policy = Policy.newBuilder().setPolicyId("decisioning-test").setDisplayName("Decisioning test")
                .setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("retail").setDisplayName("Retail").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(2))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("overall").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(global).setWindow(week))
                .build();
        long version = stub.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("test")
                .setIdempotencyKey(unique("p-")).build()).getPolicyVersion().getVersion();
        stub.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("decisioning-test")
                .setVersion(version).setActor("test").setIdempotencyKey(unique("a-")).build());
    }

    /** A customer known to identity and profile (by an email), holding the given product version. */
    static String customer(ManagedChannel profile, String email, String product, String version) {
        var stub = ProfileServiceGrpc.newBlockingStub(profile);
        String personId = stub.recordEvent(RecordEventRequest.newBuilder().setEventId(unique("ev:"))
                .addIdentifiers(Identifier.newBuilder().setType("email").setValue(email))
                .setType(EventType.EVENT_TYPE_PAGE_VIEW).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(Timestamps.of(Instant.now())).setSource("web-analytics")
                .build()).getPersonId();
        if (product != null) {
            stub.updateAttributes(UpdateAttributesRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(personId))
                    .addUpsertProducts(ProductHolding.newBuilder().setProductId(product).setName("Accounts")
                            .setVersion(version).setDivision(DivisionRef.newBuilder().setId("retail"))
                            .setAcquiredAt(Timestamps.of(Instant.now().minusSeconds(86_400))))
                    .setObservedAt(Timestamps.of(Instant.now())).setSource("crm").setIdempotencyKey(unique("u-"))
                    .build());
        }
        return personId;
    }

    /** A contact that happened, taking capacity of the global cap. */
    static void contacted(ManagedChannel governance, String personId) {
        ContactGovernanceServiceGrpc.newBlockingStub(governance).recordExternalContact(RecordExternalContactRequest
                .newBuilder().setContact(ContactRequest.newBuilder().setPerson(PersonRef.newBuilder()
                        .setPersonId(personId)).setChannel(Channel.CHANNEL_EMAIL)
                        .setDivision(DivisionRef.newBuilder().setId("cards"))
                        .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING).setRequestingSystem("test"))
                .setContactedAt(Timestamps.of(Instant.now())).setOverride(true).setIdempotencyKey(unique("c-"))
                .build());
    }

    static ActionSpec.Builder offer(String name) {
        return ActionSpec.newBuilder().setKind(ActionKind.ACTION_KIND_OFFER).setName(name)
                .addChannels(Channel.CHANNEL_PHONE).addChannels(Channel.CHANNEL_EMAIL)
                .setDivision(DivisionRef.newBuilder().setId("retail"))
                .setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING);
    }

    static CreateActionRequest create(String id, ActionSpec.Builder spec) {
        return CreateActionRequest.newBuilder().setActionId(id).setSpec(spec).setCreatedBy("marketer-1")
                .setChangeNote("first version").setIdempotencyKey(unique("ca-")).build();
    }

    static DecideRequest.Builder decide(String personId, Channel channel, InteractionDirection direction) {
        return DecideRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId)).setChannel(channel)
                .setContext(DecisionContext.newBuilder().setDirection(direction).setAgentId("agent-7")
                        .setSessionId(unique("call-")))
                .setMaxActions(5).setExplainRejected(true).setIdempotencyKey(unique("d-"));
    }

    /** The BadRequest field violations of an INVALID_ARGUMENT. */
    static java.util.List<com.google.rpc.BadRequest.FieldViolation> violations(io.grpc.StatusRuntimeException e) {
        java.util.List<com.google.rpc.BadRequest.FieldViolation> out = new java.util.ArrayList<>();
        for (com.google.protobuf.Any any : io.grpc.protobuf.StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(com.google.rpc.BadRequest.class)) {
                try {
                    out.addAll(any.unpack(com.google.rpc.BadRequest.class).getFieldViolationsList());
                } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                    throw new AssertionError(x);
                }
            }
        }
        return out;
    }

    static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
