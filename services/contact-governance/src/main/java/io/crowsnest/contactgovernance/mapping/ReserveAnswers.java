package io.crowsnest.contactgovernance.mapping;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.contactgovernance.service.ReserveBatchService;
import io.crowsnest.contactgovernance.service.ReserveService;
import io.crowsnest.contactgovernance.v1.BatchItemOutcome;
import io.crowsnest.contactgovernance.v1.BatchReservationResult;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * The answers of ReserveContact and ReserveContactBatch made from what the use cases decided. A
 * reserve keeps its answer in its reservation, as the response's bytes (the AnswerFormat
 * ReserveService asks for), so a retry gets the very response the first attempt answered.
 */
public final class ReserveAnswers implements ReserveService.AnswerFormat<ReserveContactResponse> {

    private final Supplier<Optional<ReserveContactResponse>> keptBefore;

    /**
     * {@code keptBefore}: the answer a version that kept reserves' answers as idempotency records
     * kept for this request, if any.
     */
    public ReserveAnswers(Supplier<Optional<ReserveContactResponse>> keptBefore) {
        this.keptBefore = keptBefore;
    }

    @Override
    public ReserveContactResponse answer(ReserveService.Reserved reserved) {
        ReserveContactResponse.Builder out = ReserveContactResponse.newBuilder().setGranted(reserved.granted())
                .setVerdict(ContractMapping.verdict(reserved.verdict()));
        if (reserved.granted()) {
            out.setReservationId(reserved.reservation().reservationId())
                    .setExpiresAt(Timestamps.of(reserved.reservation().expiresAt()));
        }
        return out.build();
    }

    @Override
    public byte[] bytes(ReserveContactResponse answer) {
        return answer.toByteArray();
    }

    @Override
    public ReserveContactResponse read(byte[] kept) {
        try {
            return ReserveContactResponse.parseFrom(kept);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the answer kept for a ReserveContact retry is unreadable", e);
        }
    }

    @Override
    public Optional<ReserveContactResponse> keptBefore() {
        return keptBefore.get();
    }

    /** A batch's answer: each item's result in the order given, and the counts of each outcome. */
    public static ReserveContactBatchResponse batch(List<ReserveBatchService.ItemResult> results) {
        ReserveContactBatchResponse.Builder out = ReserveContactBatchResponse.newBuilder();
        for (ReserveBatchService.ItemResult r : results) {
            var result = BatchReservationResult.newBuilder().setItemId(r.itemId())
                    .setOutcome(BatchItemOutcome.valueOf("BATCH_ITEM_OUTCOME_" + r.outcome().name()))
                    .setReservationId(r.reservationId()).setArbitrationRank(r.arbitrationRank())
                    .addAllOutrankedByItemIds(r.outrankedByItemIds());
            if (r.expiresAt() != null) {
                result.setExpiresAt(Timestamps.of(r.expiresAt()));
            }
            if (r.verdict() != null) {
                result.setVerdict(ContractMapping.verdict(r.verdict()));
            }
            out.addResults(result);
            switch (r.outcome()) {
                case GRANTED -> out.setGrantedCount(out.getGrantedCount() + 1);
                case DENIED -> out.setDeniedCount(out.getDeniedCount() + 1);
                default -> out.setUnavailableCount(out.getUnavailableCount() + 1);
            }
        }
        return out.build();
    }
}
