package io.crowsnest.scoring.mapping;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SystemDefinition;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentationSystem;

/** Segmentation systems and segments between the contract and the domain; an unset instant is null. */
public final class DefinitionMapping {

    private DefinitionMapping() {
    }

    public static SystemDefinition system(SegmentationSystem s) {
        return new SystemDefinition(s.getSystemId(), s.getDisplayName(), s.getDescription(), s.getExclusive(),
                s.getRevision(), s.hasUpdatedAt() ? Timestamps.instant(s.getUpdatedAt()) : null, s.getUpdatedBy());
    }

    public static SegmentationSystem system(SystemDefinition s) {
        SegmentationSystem.Builder out = SegmentationSystem.newBuilder().setSystemId(s.systemId())
                .setDisplayName(s.displayName()).setDescription(s.description()).setExclusive(s.exclusive())
                .setRevision(s.revision()).setUpdatedBy(s.updatedBy());
        if (s.updatedAt() != null) {
            out.setUpdatedAt(Timestamps.of(s.updatedAt()));
        }
        return out.build();
    }

    public static SegmentDefinition segment(Segment s) {
        return new SegmentDefinition(s.getSegmentId(), s.getSystemId(), s.getDisplayName(), s.getDescription(),
                s.getExpression(), s.getPriority(), s.getReevaluationIntervalSeconds(), s.getRevision(),
                s.getEvaluationState() == SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING,
                s.hasEvaluatedAt() ? instant(s.getEvaluatedAt()) : null,
                s.hasCreatedAt() ? instant(s.getCreatedAt()) : null,
                s.hasUpdatedAt() ? instant(s.getUpdatedAt()) : null, s.getUpdatedBy());
    }

    public static Segment segment(SegmentDefinition s) {
        Segment.Builder out = Segment.newBuilder().setSegmentId(s.segmentId()).setSystemId(s.systemId())
                .setDisplayName(s.displayName()).setDescription(s.description()).setExpression(s.expression())
                .setPriority(s.priority()).setReevaluationIntervalSeconds(s.reevaluationIntervalSeconds())
                .setRevision(s.revision()).setEvaluationState(state(s.backfilling()))
                .setUpdatedBy(s.updatedBy());
        if (s.evaluatedAt() != null) {
            out.setEvaluatedAt(Timestamps.of(s.evaluatedAt()));
        }
        if (s.createdAt() != null) {
            out.setCreatedAt(Timestamps.of(s.createdAt()));
        }
        if (s.updatedAt() != null) {
            out.setUpdatedAt(Timestamps.of(s.updatedAt()));
        }
        return out.build();
    }

    public static SegmentEvaluationState state(boolean backfilling) {
        return backfilling ? SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING
                : SegmentEvaluationState.SEGMENT_EVALUATION_STATE_LIVE;
    }

    private static Instant instant(Timestamp t) {
        return Timestamps.instant(t);
    }
}
