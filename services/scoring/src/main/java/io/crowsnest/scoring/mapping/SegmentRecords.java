package io.crowsnest.scoring.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Cause;
import io.crowsnest.scoring.domain.MatchExplanation;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.Reason;
import io.crowsnest.scoring.domain.Transition;
import io.crowsnest.scoring.v1.SegmentMatchExplanation;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.TransitionCause;

/** Transitions, memberships and match explanations between the contract and the domain; an unset instant is null. */
public final class SegmentRecords {

    private SegmentRecords() {
    }

    public static SegmentTransition transition(Transition t) {
        SegmentTransition.Builder out = SegmentTransition.newBuilder().setOffset(t.offset())
                .setType(t.entered() ? SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED
                        : SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT)
                .setPersonId(t.personId()).setSegmentId(t.segmentId()).setSystemId(t.systemId())
                .setSegmentRevision(t.segmentRevision()).setEventId(t.eventId())
                .setOtherSegmentId(t.otherSegmentId());
        if (t.cause() != null) {
            out.setCause(TransitionCause.valueOf("TRANSITION_CAUSE_" + t.cause().name()));
        }
        if (t.occurredAt() != null) {
            out.setOccurredAt(Timestamps.of(t.occurredAt()));
        }
        if (t.reason() != null) {
            out.setReason(reason(t.reason()));
        }
        return out.build();
    }

    public static Transition transition(SegmentTransition t) {
        return new Transition(t.getOffset(), t.getType() == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED,
                t.getPersonId(), t.getSegmentId(), t.getSystemId(), t.getSegmentRevision(), cause(t.getCause()),
                t.getEventId(), t.hasOccurredAt() ? Timestamps.instant(t.getOccurredAt()) : null,
                t.getOtherSegmentId(), t.hasReason() ? reason(t.getReason()) : null);
    }

    private static Cause cause(TransitionCause cause) {
        for (Cause c : Cause.values()) {
            if (cause.name().equals("TRANSITION_CAUSE_" + c.name())) {
                return c;
            }
        }
        return null;
    }

    public static SegmentMembership membership(Membership m) {
        SegmentMembership.Builder out = SegmentMembership.newBuilder().setSegmentId(m.segmentId())
                .setDisplayName(m.displayName()).setEnteredOffset(m.enteredOffset());
        if (m.enteredAt() != null) {
            out.setEnteredAt(Timestamps.of(m.enteredAt()));
        }
        if (m.explanation() != null) {
            out.setExplanation(explanation(m.explanation()));
        }
        return out.build();
    }

    public static Membership membership(SegmentMembership m) {
        return new Membership(m.getSegmentId(), m.getDisplayName(),
                m.hasEnteredAt() ? Timestamps.instant(m.getEnteredAt()) : null, m.getEnteredOffset(),
                m.hasExplanation() ? explanation(m.getExplanation()) : null);
    }

    public static SegmentMatchExplanation explanation(MatchExplanation e) {
        SegmentMatchExplanation.Builder out = SegmentMatchExplanation.newBuilder()
                .setSegmentRevision(e.segmentRevision()).setExpression(e.expression())
                .putAllInputs(DomainJson.VALUES.values(e.inputs())).addAllOutrankedSegmentIds(e.outrankedSegmentIds());
        if (e.evaluatedAt() != null) {
            out.setEvaluatedAt(Timestamps.of(e.evaluatedAt()));
        }
        if (e.reason() != null) {
            out.setReason(reason(e.reason()));
        }
        return out.build();
    }

    public static MatchExplanation explanation(SegmentMatchExplanation e) {
        return new MatchExplanation(e.getSegmentRevision(), e.getExpression(),
                e.hasEvaluatedAt() ? Timestamps.instant(e.getEvaluatedAt()) : null,
                DomainJson.VALUES.plain(e.getInputsMap()), e.hasReason() ? reason(e.getReason()) : null,
                new ArrayList<>(e.getOutrankedSegmentIdsList()));
    }

    public static io.crowsnest.common.v1.Reason reason(Reason r) {
        return io.crowsnest.common.v1.Reason.newBuilder().setCode(r.code()).setMessage(r.message())
                .putAllFigures(r.figures()).build();
    }

    public static Reason reason(io.crowsnest.common.v1.Reason r) {
        return new Reason(r.getCode(), r.getMessage(), new LinkedHashMap<>(r.getFiguresMap()));
    }
}
