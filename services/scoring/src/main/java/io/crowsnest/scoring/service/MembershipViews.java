package io.crowsnest.scoring.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Value;

import io.crowsnest.platform.grpc.Timestamps;

import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentMatchExplanation;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.SystemMemberships;

/** A person's memberships as GetScores shows them: one entry per system, each segment with why it matched. */
final class MembershipViews {

    private MembershipViews() {
    }

    /** @param entries the person's membership hash as stored */
    static List<SystemMemberships> of(SegmentCatalog.Snapshot catalog, Map<String, String> entries) {
        Map<String, SegmentMembership> held = MembershipStore.memberships(entries);
        Optional<SegmentMatchExplanation> latest = MembershipStore.latest(entries);
        return catalog.systems().stream().map(system -> system(catalog, system, held, latest)).toList();
    }

    private static SystemMemberships system(SegmentCatalog.Snapshot catalog, SegmentationSystem system,
            Map<String, SegmentMembership> held, Optional<SegmentMatchExplanation> latest) {
        SystemMemberships.Builder out = SystemMemberships.newBuilder().setSystemId(system.getSystemId())
                .setExclusive(system.getExclusive());
        for (SegmentCatalog.Entry entry : catalog.segments()) {
            Segment s = entry.segment();
            SegmentMembership m = held.get(s.getSegmentId());
            if (s.getSystemId().equals(system.getSystemId()) && m != null) {
                out.addSegments(m.toBuilder().setDisplayName(s.getDisplayName())
                        .setExplanation(upToDate(m.getExplanation(), latest)));
            }
        }
        return out.build();
    }

    /**
     * A membership's explanation as of the person's latest evaluation: a membership is stored again
     * only when it changes, so its inputs, reason and evaluation time are taken from the latest
     * evaluation when that came after it (the paths it read are those it was stored with: the same
     * segment revision).
     */
    private static SegmentMatchExplanation upToDate(SegmentMatchExplanation stored,
            Optional<SegmentMatchExplanation> latest) {
        if (latest.isEmpty() || Timestamps.instant(latest.get().getEvaluatedAt())
                .compareTo(Timestamps.instant(stored.getEvaluatedAt())) <= 0) {
            return stored;
        }
        Map<String, Value> inputs = new LinkedHashMap<>();
        stored.getInputsMap().forEach((path, value) -> inputs.put(path,
                latest.get().getInputsMap().getOrDefault(path, value)));
        return stored.toBuilder().setEvaluatedAt(latest.get().getEvaluatedAt()).clearInputs().putAllInputs(inputs)
                .setReason(MatchReasons.of(true, null, inputs)).build();
    }
}
