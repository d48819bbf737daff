package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Cause;
import io.crowsnest.scoring.domain.MembershipRules;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentMatchExplanation;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.TransitionCause;

/** One evaluation of every segment for one person: the transitions it makes and the memberships after it. */
final class Evaluation {

    private final Map<String, SegmentMembership> before;
    // Explanations are built only for the segments that need one (a transition or a membership to
    // store): with many segments most evaluations change nothing for most of them.
    private final Map<String, SegmentLanguage.Evaluation> results = new HashMap<>();
    private final Map<String, SegmentMatchExplanation> explanations = new HashMap<>();
    private final Map<String, Map<String, Value>> inputs = new HashMap<>();
    private final SegmentVariables variables;
    private final Instant now;
    private final Map<String, SegmentCatalog.Entry> segments = new LinkedHashMap<>();
    private final List<SegmentTransition> transitions = new ArrayList<>();
    private final List<String> left = new ArrayList<>();
    private final MembershipRules.Decision decision;

    Evaluation(SegmentCatalog.Snapshot catalog, SegmentVariables variables, Map<String, SegmentMembership> before,
            String personId, Trigger trigger, Instant now) {
        this.before = before;
        this.variables = variables;
        this.now = now;
        List<MembershipRules.Candidate> candidates = new ArrayList<>();
        for (SegmentCatalog.Entry entry : catalog.segments()) {
            Segment s = entry.segment();
            segments.put(s.getSegmentId(), entry);
            if (entry.compiled() != null) {
                SegmentLanguage.Evaluation result = catalog.language().evaluate(entry.compiled(), variables.all());
                candidates.add(new MembershipRules.Candidate(s.getSegmentId(), s.getSystemId(), s.getPriority(),
                        result.matched()));
                results.put(s.getSegmentId(), result);
            }
        }
        Map<String, String> current = new HashMap<>();
        before.forEach((segmentId, m) -> {
            if (segments.containsKey(segmentId)) {
                current.put(segmentId, segments.get(segmentId).segment().getSystemId());
            } else {
                transitions.add(transition(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, personId, segmentId,
                        m.getExplanation().getSegmentRevision(), "", Cause.SEGMENT_DELETED,
                        trigger, now, reason("SEGMENT_DELETED", "the segment was deleted"))
                        .setSystemId(trigger.deleted().getOrDefault(segmentId, "")).build());
                left.add(segmentId);
            }
        });
        decision = MembershipRules.decide(Segmenter.systems(catalog), candidates, current);
        for (MembershipRules.Change change : decision.changes()) {
            Segment s = segments.get(change.segmentId()).segment();
            boolean entered = change.direction() == MembershipRules.Direction.ENTERED;
            Reason why = entered ? explanation(s.getSegmentId()).getReason()
                    : change.outranked() ? reason("SEGMENT_OUTRANKED", "segment '" + change.other()
                            + "' ranks before it in exclusive system '" + s.getSystemId() + "'")
                    : notMatched(s.getSegmentId());
            transitions.add(transition(entered ? SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED
                    : SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, personId, s.getSegmentId(), s.getRevision(),
                    change.other(), trigger.causeOf(s.getSegmentId()), trigger, now, why).setSystemId(s.getSystemId())
                    .build());
            if (!entered) {
                left.add(s.getSegmentId());
            }
        }
    }

    List<SegmentTransition> transitions() {
        return transitions;
    }

    List<String> left() {
        return left;
    }

    /**
     * The memberships to store: those that changed in this evaluation (entered, another segment
     * revision, other segments outranked); kept ones keep when they were entered. An unchanged
     * membership is not stored again: {@link #latest} brings its explanation up to date.
     */
    Map<String, SegmentMembership> members(List<SegmentTransition> published) {
        Map<String, SegmentTransition> entered = published.stream()
                .filter(t -> t.getType() == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED)
                .collect(Collectors.toMap(SegmentTransition::getSegmentId, t -> t, (a, b) -> b));
        Map<String, SegmentMembership> out = new LinkedHashMap<>();
        decision.members().forEach((segmentId, outranked) -> {
            SegmentMembership held = before.get(segmentId);
            SegmentTransition t = entered.get(segmentId);
            Segment s = segments.get(segmentId).segment();
            if (held != null && t == null && held.getExplanation().getSegmentRevision() == s.getRevision()
                    && held.getExplanation().getOutrankedSegmentIdsList().equals(outranked)) {
                return;
            }
            SegmentMembership.Builder m = held != null ? held.toBuilder()
                    : SegmentMembership.newBuilder().setSegmentId(segmentId);
            if (t != null) {
                m.setEnteredAt(t.getOccurredAt()).setEnteredOffset(t.getOffset());
            }
            out.put(segmentId, m.setExplanation(explanation(segmentId).toBuilder()
                    .addAllOutrankedSegmentIds(outranked)).build());
        });
        return out;
    }

    /** This evaluation: when, and the value of every path the segments the person is in read. */
    SegmentMatchExplanation latest() {
        SegmentMatchExplanation.Builder latest = SegmentMatchExplanation.newBuilder().setEvaluatedAt(Timestamps.of(now));
        decision.members().keySet().forEach(segmentId -> latest.putAllInputs(inputs(segmentId)));
        return latest.build();
    }

    /** Why the segment matched or not in this evaluation; null for a segment that was not evaluated. */
    private SegmentMatchExplanation explanation(String segmentId) {
        SegmentLanguage.Evaluation result = results.get(segmentId);
        if (result == null) {
            return null;
        }
        return explanations.computeIfAbsent(segmentId, id -> explanation(segments.get(id), result));
    }

    private SegmentMatchExplanation explanation(SegmentCatalog.Entry entry, SegmentLanguage.Evaluation result) {
        Map<String, Value> inputs = inputs(entry.segment().getSegmentId());
        return SegmentMatchExplanation.newBuilder().setSegmentRevision(entry.segment().getRevision())
                .setExpression(entry.segment().getExpression()).setEvaluatedAt(Timestamps.of(now))
                .putAllInputs(inputs).setReason(MatchReasons.of(result.matched(), result.error(), inputs)).build();
    }

    private Map<String, Value> inputs(String segmentId) {
        SegmentCatalog.Entry entry = segments.get(segmentId);
        return entry == null || entry.compiled() == null ? Map.of()
                : inputs.computeIfAbsent(segmentId, id -> variables.inputs(entry.compiled().variables()));
    }

    private Reason notMatched(String segmentId) {
        SegmentMatchExplanation e = explanation(segmentId);
        return e == null ? reason("SEGMENT_NOT_MATCHED", "no longer matches") : e.getReason();
    }

    private static SegmentTransition.Builder transition(SegmentTransitionType type, String personId,
            String segmentId, long revision, String other, Cause cause, Trigger trigger, Instant now,
            Reason reason) {
        return SegmentTransition.newBuilder().setType(type).setPersonId(personId).setSegmentId(segmentId)
                .setSegmentRevision(revision).setCause(cause(cause)).setOtherSegmentId(other == null ? "" : other)
                .setEventId(cause == Cause.EVENT ? trigger.eventId() : "")
                .setOccurredAt(Timestamps.of(now)).setReason(reason);
    }

    /** The contract's cause of the same name. */
    static TransitionCause cause(Cause cause) {
        return TransitionCause.valueOf("TRANSITION_CAUSE_" + cause.name());
    }

    static Reason reason(String code, String message) {
        return Reason.newBuilder().setCode(code).setMessage(message).build();
    }

}
