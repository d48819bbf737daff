package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.common.v1.WindowUnit;
import io.grpc.ManagedChannel;

/** The real contact-governance of the tests: a lenient policy activated once, reservations, their state. */
public final class GovernanceFixture implements AutoCloseable {

    private static volatile boolean activated;

    public final ManagedChannel channel;
    public final ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub stub;

    public GovernanceFixture(Neighbours.Address neighbours) {
        channel = Fixtures.plain(neighbours.governance());
        stub = ContactGovernanceServiceGrpc.newBlockingStub(channel);
        activate();
    }

    private synchronized void activate() {
        if (activated) {
            return;
        }
        Policy policy = Policy.newBuilder().setPolicyId("alerts-tests").setDisplayName("Alerts tests")
                .setDefaultTimeZone("Europe/Paris")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("weekly").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(1000).setWindow(RollingWindow.newBuilder().setLength(1)
                                .setUnit(WindowUnit.WINDOW_UNIT_WEEKS)))
                .build();
        long version = stub.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("alerts-test")
                .setIdempotencyKey(unique("k")).build()).getPolicyVersion().getVersion();
        stub.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("alerts-tests")
                .setVersion(version).setActor("alerts-test").setIdempotencyKey(unique("k")).build());
        activated = true;
    }

    /** A granted reservation for a person and channel, with a time to live in seconds. */
    public ReserveContactResponse reserve(String personId, Channel channel, long ttlSeconds) {
        ReserveContactResponse r = stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(ContactRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                        .setChannel(channel).setDivision(DivisionRef.newBuilder().setId("cards"))
                        .setCategory(ContactCategory.CONTACT_CATEGORY_SERVICE).setRequestingSystem("alerts-test"))
                .setTtlSeconds(ttlSeconds).setIdempotencyKey(unique("k")).build());
        if (!r.getGranted()) {
            throw new IllegalStateException("reservation not granted: " + r.getVerdict());
        }
        return r;
    }

    public String reserve(String personId, Channel channel) {
        return reserve(personId, channel, 900).getReservationId();
    }

    public Reservation reservation(String reservationId) {
        return stub.getReservation(GetReservationRequest.newBuilder().setReservationId(reservationId).build())
                .getReservation();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
