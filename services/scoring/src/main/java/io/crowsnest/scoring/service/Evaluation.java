package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.crowsnest.scoring.domain.Cause;
import io.crowsnest.scoring.domain.MatchExplanation;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.MembershipRules;
import io.crowsnest.scoring.domain.Reason;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.domain.Transition;

/** One evaluation of every segment for one person: the transitions it makes and the memberships after it. */
final class Evaluation {

    private final Map<String, Membership> before;
    // Explanations are built only for the segments that need one (a transition or a membership to
    // store): with many segments most evaluations change nothing for most of them.
    private final Map<String, SegmentLanguage.Evaluation> results = new HashMap<>();
    private final Map<String, MatchExplanation> explanations = new HashMap<>();
    private final Map<String, Map<String, Object>> inputs = new HashMap<>();
    private final SegmentVariables variables;
    private final Instant now;
    private final Map<String, SegmentCatalog.Entry> segments = new LinkedHashMap<>();
    private final List<Transition> transitions = new ArrayList<>();
    private final List<String> left = new ArrayList<>();
    private final MembershipRules.Decision decision;
    private final Map<SegmentDefinition, String> stopped = new LinkedHashMap<>();

    Evaluation(SegmentCatalog.Snapshot catalog, SegmentVariables variables, Map<String, Membership> before,
            String personId, Trigger trigger, Instant now) {
        this.before = before;
        this.variables = variables;
        this.now = now;
        List<MembershipRules.Candidate> candidates = new ArrayList<>();
        for (SegmentCatalog.Entry entry : catalog.segments()) {
            SegmentDefinition s = entry.segment();
            segments.put(s.segmentId(), entry);
            if (entry.compiled() != null) {
                SegmentLanguage.Evaluation result = catalog.language().evaluate(entry.compiled(), variables.all());
                candidates.add(new MembershipRules.Candidate(s.segmentId(), s.systemId(), s.priority(),
                        result.matched()));
                results.put(s.segmentId(), result);
                if (result.stopped()) {
                    stopped.put(s, result.error());
                }
            }
        }
        Map<String, String> current = new HashMap<>();
        before.forEach((segmentId, m) -> {
            if (segments.containsKey(segmentId)) {
                current.put(segmentId, segments.get(segmentId).segment().systemId());
            } else {
                transitions.add(transition(false, personId, segmentId, trigger.deleted().getOrDefault(segmentId, ""),
                        m.explanation().segmentRevision(), "", Cause.SEGMENT_DELETED, trigger, now,
                        Reason.of("SEGMENT_DELETED", "the segment was deleted")));
                left.add(segmentId);
            }
        });
        decision = MembershipRules.decide(Segmenter.systems(catalog), candidates, current);
        for (MembershipRules.Change change : decision.changes()) {
            SegmentDefinition s = segments.get(change.segmentId()).segment();
            boolean entered = change.direction() == MembershipRules.Direction.ENTERED;
            Reason why = entered ? explanation(s.segmentId()).reason()
                    : change.outranked() ? Reason.of("SEGMENT_OUTRANKED", "segment '" + change.other()
                            + "' ranks before it in exclusive system '" + s.systemId() + "'")
                    : notMatched(s.segmentId());
            transitions.add(transition(entered, personId, s.segmentId(), s.systemId(), s.revision(), change.other(),
                    trigger.causeOf(s.segmentId()), trigger, now, why));
            if (!entered) {
                left.add(s.segmentId());
            }
        }
    }

    /** The segments whose evaluation a bound stopped, with the bound's reason. */
    Map<SegmentDefinition, String> stopped() {
        return stopped;
    }

    List<Transition> transitions() {
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
    Map<String, Membership> members(List<Transition> published) {
        Map<String, Transition> entered = published.stream().filter(Transition::entered)
                .collect(Collectors.toMap(Transition::segmentId, t -> t, (a, b) -> b));
        Map<String, Membership> out = new LinkedHashMap<>();
        decision.members().forEach((segmentId, outranked) -> {
            Membership held = before.get(segmentId);
            Transition t = entered.get(segmentId);
            SegmentDefinition s = segments.get(segmentId).segment();
            if (held != null && t == null && held.explanation().segmentRevision() == s.revision()
                    && held.explanation().outrankedSegmentIds().equals(outranked)) {
                return;
            }
            Membership m = held != null ? held : new Membership(segmentId, "", null, 0, null);
            if (t != null) {
                m = m.entered(t.occurredAt(), t.offset());
            }
            out.put(segmentId, m.explained(explanation(segmentId).outranking(List.copyOf(outranked))));
        });
        return out;
    }

    /** This evaluation: when, and the value of every path the segments the person is in read. */
    MatchExplanation latest() {
        Map<String, Object> all = new LinkedHashMap<>();
        decision.members().keySet().forEach(segmentId -> all.putAll(inputs(segmentId)));
        return MatchExplanation.latest(now, all);
    }

    /** Why the segment matched or not in this evaluation; null for a segment that was not evaluated. */
    private MatchExplanation explanation(String segmentId) {
        SegmentLanguage.Evaluation result = results.get(segmentId);
        if (result == null) {
            return null;
        }
        return explanations.computeIfAbsent(segmentId, id -> explanation(segments.get(id), result));
    }

    private MatchExplanation explanation(SegmentCatalog.Entry entry, SegmentLanguage.Evaluation result) {
        Map<String, Object> read = inputs(entry.segment().segmentId());
        return new MatchExplanation(entry.segment().revision(), entry.segment().expression(), now, read,
                MatchReasons.of(result.matched(), result.error(), read), List.of());
    }

    private Map<String, Object> inputs(String segmentId) {
        SegmentCatalog.Entry entry = segments.get(segmentId);
        return entry == null || entry.compiled() == null ? Map.of()
                : inputs.computeIfAbsent(segmentId, id -> variables.inputs(entry.compiled().variables()));
    }

    private Reason notMatched(String segmentId) {
        MatchExplanation e = explanation(segmentId);
        return e == null ? Reason.of("SEGMENT_NOT_MATCHED", "no longer matches") : e.reason();
    }

    private static Transition transition(boolean entered, String personId, String segmentId, String systemId,
            long revision, String other, Cause cause, Trigger trigger, Instant now, Reason reason) {
        return new Transition(0, entered, personId, segmentId, systemId, revision, cause,
                cause == Cause.EVENT ? trigger.eventId() : "", now, other == null ? "" : other, reason);
    }
}
