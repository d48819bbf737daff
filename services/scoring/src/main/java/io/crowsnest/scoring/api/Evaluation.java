package io.crowsnest.scoring.api;

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
                        m.getExplanation().getSegmentRevision(), "", TransitionCause.TRANSITION_CAUSE_SEGMENT_DELETED,
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

    /** The memberships to store: kept ones keep when they were entered; entered ones take their transition. */
    Map<String, SegmentMembership> members(List<SegmentTransition> published) {
        Map<String, SegmentTransition> entered = published.stream()
                .filter(t -> t.getType() == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED)
                .collect(Collectors.toMap(SegmentTransition::getSegmentId, t -> t, (a, b) -> b));
        Map<String, SegmentMembership> out = new LinkedHashMap<>();
        decision.members().forEach((segmentId, outranked) -> {
            SegmentMembership.Builder m = before.containsKey(segmentId) ? before.get(segmentId).toBuilder()
                    : SegmentMembership.newBuilder().setSegmentId(segmentId);
            SegmentTransition t = entered.get(segmentId);
            if (t != null) {
                m.setEnteredAt(t.getOccurredAt()).setEnteredOffset(t.getOffset());
            }
            out.put(segmentId, m.setExplanation(explanation(segmentId).toBuilder()
                    .addAllOutrankedSegmentIds(outranked)).build());
        });
        return out;
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
        Map<String, Value> inputs = variables.inputs(entry.compiled().variables());
        String figures = inputs.entrySet().stream().map(e -> e.getKey() + " = " + text(e.getValue()))
                .sorted().collect(Collectors.joining(", "));
        Reason.Builder reason = Reason.newBuilder().setCode(result.error() != null ? "SEGMENT_EVALUATION_FAILED"
                : result.matched() ? "SEGMENT_MATCHED" : "SEGMENT_NOT_MATCHED")
                .setMessage(result.error() != null ? "the expression could not be evaluated: " + result.error()
                        : (result.matched() ? "matches with " : "does not match with ") + figures);
        inputs.forEach((path, value) -> reason.putFigures(path, text(value)));
        return SegmentMatchExplanation.newBuilder().setSegmentRevision(entry.segment().getRevision())
                .setExpression(entry.segment().getExpression()).setEvaluatedAt(Timestamps.of(now))
                .putAllInputs(inputs).setReason(reason).build();
    }

    private Reason notMatched(String segmentId) {
        SegmentMatchExplanation e = explanation(segmentId);
        return e == null ? reason("SEGMENT_NOT_MATCHED", "no longer matches") : e.getReason();
    }

    private static SegmentTransition.Builder transition(SegmentTransitionType type, String personId,
            String segmentId, long revision, String other, TransitionCause cause, Trigger trigger, Instant now,
            Reason reason) {
        return SegmentTransition.newBuilder().setType(type).setPersonId(personId).setSegmentId(segmentId)
                .setSegmentRevision(revision).setCause(cause).setOtherSegmentId(other == null ? "" : other)
                .setEventId(cause == TransitionCause.TRANSITION_CAUSE_EVENT ? trigger.eventId() : "")
                .setOccurredAt(Timestamps.of(now)).setReason(reason);
    }

    static Reason reason(String code, String message) {
        return Reason.newBuilder().setCode(code).setMessage(message).build();
    }

    private static String text(Value v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> v.getNumberValue() == Math.rint(v.getNumberValue())
                    && Math.abs(v.getNumberValue()) < 1e15 ? Long.toString((long) v.getNumberValue())
                            : Double.toString(Math.round(v.getNumberValue() * 1000) / 1000.0);
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> "null";
            default -> v.toString().strip();
        };
    }
}
