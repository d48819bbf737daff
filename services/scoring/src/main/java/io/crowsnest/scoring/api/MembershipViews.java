package io.crowsnest.scoring.api;

import java.util.List;
import java.util.Map;

import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.SystemMemberships;

/** A person's memberships as GetScores shows them: one entry per system, each segment with why it matched. */
final class MembershipViews {

    private MembershipViews() {
    }

    static List<SystemMemberships> of(SegmentCatalog.Snapshot catalog, Map<String, String> entries) {
        return catalog.systems().stream().map(system -> system(catalog, system, entries)).toList();
    }

    private static SystemMemberships system(SegmentCatalog.Snapshot catalog, SegmentationSystem system,
            Map<String, String> entries) {
        SystemMemberships.Builder out = SystemMemberships.newBuilder().setSystemId(system.getSystemId())
                .setExclusive(system.getExclusive());
        for (SegmentCatalog.Entry entry : catalog.segments()) {
            Segment s = entry.segment();
            if (s.getSystemId().equals(system.getSystemId()) && entries.containsKey(s.getSegmentId())) {
                SegmentMembership m = MembershipStore.decode(entries.get(s.getSegmentId()));
                out.addSegments(m.toBuilder().setDisplayName(s.getDisplayName()));
            }
        }
        return out.build();
    }
}
