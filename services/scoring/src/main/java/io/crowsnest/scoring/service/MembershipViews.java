package io.crowsnest.scoring.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crowsnest.scoring.domain.MatchExplanation;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SystemDefinition;

/** A person's memberships as GetScores shows them: one entry per system, each segment with why it matched. */
public final class MembershipViews {

    /** The segments a person is in within one system, each with its display name and up-to-date explanation. */
    public record SystemMemberships(String systemId, boolean exclusive, List<Membership> segments) {
    }

    private MembershipViews() {
    }

    /**
     * @param held   the person's memberships as stored, by segment id
     * @param latest the person's latest evaluation, when one was stored
     */
    static List<SystemMemberships> of(SegmentCatalog.Snapshot catalog, Map<String, Membership> held,
            Optional<MatchExplanation> latest) {
        return catalog.systems().stream().map(system -> system(catalog, system, held, latest)).toList();
    }

    private static SystemMemberships system(SegmentCatalog.Snapshot catalog, SystemDefinition system,
            Map<String, Membership> held, Optional<MatchExplanation> latest) {
        List<Membership> segments = new ArrayList<>();
        for (SegmentCatalog.Entry entry : catalog.segments()) {
            SegmentDefinition s = entry.segment();
            Membership m = held.get(s.segmentId());
            if (s.systemId().equals(system.systemId()) && m != null) {
                segments.add(m.named(s.displayName()).explained(upToDate(m.explanation(), latest)));
            }
        }
        return new SystemMemberships(system.systemId(), system.exclusive(), segments);
    }

    /**
     * A membership's explanation as of the person's latest evaluation: a membership is stored again
     * only when it changes, so its inputs, reason and evaluation time are taken from the latest
     * evaluation when that came after it (the paths it read are those it was stored with: the same
     * segment revision).
     */
    private static MatchExplanation upToDate(MatchExplanation stored, Optional<MatchExplanation> latest) {
        if (latest.isEmpty() || latest.get().evaluatedAt().compareTo(stored.evaluatedAt()) <= 0) {
            return stored;
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        stored.inputs().forEach((path, value) -> inputs.put(path,
                latest.get().inputs().containsKey(path) ? latest.get().inputs().get(path) : value));
        return stored.asOf(latest.get().evaluatedAt(), inputs, MatchReasons.of(true, null, inputs));
    }
}
