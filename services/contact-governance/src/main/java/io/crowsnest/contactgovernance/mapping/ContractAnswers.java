package io.crowsnest.contactgovernance.mapping;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.service.Answers;
import io.crowsnest.contactgovernance.service.ForgetService;
import io.crowsnest.contactgovernance.service.MergeService;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonResponse;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * ForgetPerson and MergePersons once per idempotency key (see {@link Answers}): the command is
 * hashed as the RPC's request and the answer kept as its response, as since the first release, so
 * a retry of either, by RPC or by identity's change stream, gets the first answer back.
 */
@ApplicationScoped
public class ContractAnswers implements Answers {

    @Inject
    Idempotency idempotency;

    @Override
    public ForgetService.Forgotten forget(ForgetService.Forget c, Supplier<ForgetService.Forgotten> work) {
        ForgetPersonRequest request = ForgetPersonRequest.newBuilder().setPersonId(c.personId())
                .setReason(LedgerEntries.reason(c.reason()))
                .setRequestingSystem(c.requestingSystem()).setIdempotencyKey(c.idempotencyKey()).build();
        return forgotten(idempotency.once("ForgetPerson", c.idempotencyKey(), request, ForgetPersonResponse.parser(),
                () -> response(work.get())));
    }

    @Override
    public MergeService.Merged merge(MergeService.Merge c, Supplier<MergeService.Merged> work) {
        MergePersonsRequest request = MergePersonsRequest.newBuilder().setMergedPersonId(c.mergedPersonId())
                .setSurvivorPersonId(c.survivorPersonId()).setMergeId(c.mergeId())
                .setRequestingSystem(c.requestingSystem()).setIdempotencyKey(c.idempotencyKey()).build();
        return merged(idempotency.once("MergePersons", c.idempotencyKey(), request, MergePersonsResponse.parser(),
                () -> response(work.get())));
    }

    public static ForgetPersonResponse response(ForgetService.Forgotten f) {
        return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(f.forgottenPersonIds())
                .setAlreadyForgotten(f.alreadyForgotten()).setLedgerEntriesErased(f.ledgerEntriesErased())
                .setReservationsVoided(f.reservationsVoided()).setForgottenAt(Timestamps.of(f.forgottenAt())).build();
    }

    public static MergePersonsResponse response(MergeService.Merged m) {
        return MergePersonsResponse.newBuilder().setSurvivorPersonId(m.survivorPersonId())
                .setAlreadyMerged(m.alreadyMerged()).setLedgerEntriesMoved(m.ledgerEntriesMoved())
                .setReservationsMoved(m.reservationsMoved()).addAllVoidedReservationIds(m.voidedReservationIds())
                .setConsents(ConsentMessages.message(m.consents())).setMergedAt(Timestamps.of(m.mergedAt())).build();
    }

    private static ForgetService.Forgotten forgotten(ForgetPersonResponse r) {
        return new ForgetService.Forgotten(r.getForgottenPersonIdsList(), r.getAlreadyForgotten(),
                r.getLedgerEntriesErased(), r.getReservationsVoided(), Timestamps.instant(r.getForgottenAt()));
    }

    private static MergeService.Merged merged(MergePersonsResponse r) {
        return new MergeService.Merged(r.getSurvivorPersonId(), r.getAlreadyMerged(), r.getLedgerEntriesMoved(),
                r.getReservationsMoved(), r.getVoidedReservationIdsList(), ConsentMessages.consents(r.getConsents()),
                Timestamps.instant(r.getMergedAt()));
    }
}
