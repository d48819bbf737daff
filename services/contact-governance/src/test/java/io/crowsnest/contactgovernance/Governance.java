package io.crowsnest.contactgovernance;

import io.crowsnest.localstack.testing.GrpcErrorDetails;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ConsentRules;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.DivisionCapShare;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.MinimumGap;
import io.crowsnest.contactgovernance.v1.OptInRequirement;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.QuietHours;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

/** A real gRPC client of the service under test, the standard test policy, and error readers. */
final class Governance implements AutoCloseable {

    final ManagedChannel channel;
    final ContactGovernanceServiceBlockingStub stub;

    Governance() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        stub = ContactGovernanceServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    static Timestamp ts(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static RollingWindow window(int length, WindowUnit unit) {
        return RollingWindow.newBuilder().setLength(length).setUnit(unit).build();
    }

    static DivisionRef division(String id) {
        return DivisionRef.newBuilder().setId(id).build();
    }

    /**
     * Overall 3 per week; email 2 per week; SMS 2 per week; division cards held to 2 of the overall
     * 3; one hour between marketing contacts; SMS quiet 21:00-08:00; SMS marketing needs an opt-in;
     * do-not-contact also blocks SERVICE.
     */
    static Policy standardPolicy() {
        return Policy.newBuilder()
                .setPolicyId("standard")
                .setDisplayName("Standard contact rules")
                .setDefaultTimeZone("Europe/Paris")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1)
                        .addCapShares(DivisionCapShare.newBuilder().setRuleId("global-weekly").setMaxContacts(2)))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2))
                .addDivisions(Division.newBuilder().setDivisionId("mortgages").setDisplayName("Mortgages").setPriority(3))
                .addFrequencyCaps(cap("global-weekly", CapScope.CAP_SCOPE_GLOBAL, Channel.CHANNEL_UNSPECIFIED, 3,
                        window(1, WindowUnit.WINDOW_UNIT_WEEKS)))
                .addFrequencyCaps(cap("email-weekly", CapScope.CAP_SCOPE_CHANNEL, Channel.CHANNEL_EMAIL, 2,
                        window(1, WindowUnit.WINDOW_UNIT_WEEKS)))
                .addFrequencyCaps(cap("sms-weekly", CapScope.CAP_SCOPE_CHANNEL, Channel.CHANNEL_SMS, 2,
                        window(1, WindowUnit.WINDOW_UNIT_WEEKS)))
                .addMinimumGaps(MinimumGap.newBuilder().setRuleId("gap-1h").setMinGapSeconds(3600))
                .addQuietHours(QuietHours.newBuilder().setRuleId("sms-night").setChannel(Channel.CHANNEL_SMS)
                        .setStartLocalTime("21:00").setEndLocalTime("08:00"))
                .setConsent(ConsentRules.newBuilder()
                        .addOptInRequired(OptInRequirement.newBuilder().setChannel(Channel.CHANNEL_SMS)
                                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING))
                        .addDoNotContactCategories(ContactCategory.CONTACT_CATEGORY_SERVICE))
                .build();
    }

    static FrequencyCap cap(String id, CapScope scope, Channel channel, int max, RollingWindow window) {
        return FrequencyCap.newBuilder().setRuleId(id).setScope(scope).setChannel(channel).setMaxContacts(max)
                .setWindow(window).build();
    }

    /** Writes the policy as a new policy and makes it govern. */
    void activate(Policy policy) {
        long version = stub.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("test-admin")
                .setIdempotencyKey(key()).build()).getPolicyVersion().getVersion();
        stub.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId(policy.getPolicyId())
                .setVersion(version).setActor("test-admin").setIdempotencyKey(key()).build());
    }

    static ContactRequest.Builder contact(String person, Channel channel, String division, ContactCategory category) {
        return ContactRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(person)).setChannel(channel)
                .setDivision(division(division)).setCategory(category).setRequestingSystem("tests");
    }

    static ContactRequest.Builder marketing(String person, Channel channel, String division) {
        return contact(person, channel, division, ContactCategory.CONTACT_CATEGORY_MARKETING);
    }

    /** An external marketing contact made at the instant, recorded as delivered. */
    RecordExternalContactResponse madeAt(String person, Channel channel, String division, Instant at) {
        return stub.recordExternalContact(RecordExternalContactRequest.newBuilder()
                .setContact(marketing(person, channel, division)).setContactedAt(ts(at))
                .setInitialOutcome(ContactOutcome.CONTACT_OUTCOME_DELIVERED).setIdempotencyKey(key()).build());
    }

    static StatusRuntimeException error(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    /** The ErrorInfo reason of an error, or "" when none. */
    static String reason(StatusRuntimeException e) {
        return GrpcErrorDetails.reason(e);
    }

    /** The field paths of a BadRequest detail. */
    static List<String> fields(StatusRuntimeException e) {
        return GrpcErrorDetails.fields(e);
    }
}
