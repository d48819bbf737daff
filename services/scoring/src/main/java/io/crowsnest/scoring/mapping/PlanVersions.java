package io.crowsnest.scoring.mapping;

import java.time.Instant;
import java.util.Optional;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.PlanState;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.service.PlanService;
import io.crowsnest.scoring.store.StoredPlanVersion;
import io.crowsnest.scoring.v1.PlanVersionState;
import io.crowsnest.scoring.v1.ScoringPlanVersion;

/** A stored plan version as the contract shows it: its state and activation derived from the timeline. */
public final class PlanVersions {

    private PlanVersions() {
    }

    public static ScoringPlanVersion of(PlanService.Version version) {
        return of(version.stored(), version.timeline(), version.at());
    }

    public static ScoringPlanVersion of(StoredPlanVersion v, Timeline timeline, Instant now) {
        String planId = v.plan().planId();
        PlanState state = timeline.state(planId, v.version(), now);
        ScoringPlanVersion.Builder out = ScoringPlanVersion.newBuilder().setPlan(PlanDrafts.plan(v.plan())).setVersion(v.version())
                .setState(PlanVersionState.valueOf("PLAN_VERSION_STATE_" + state.name()))
                .setBaseVersion(v.baseVersion()).setCreatedBy(v.createdBy())
                .setCreatedAt(Timestamps.of(v.createdAt())).setChangeNote(v.changeNote());
        Optional<Activation> period = timeline.latestPeriod(planId, v.version(), now);
        period.ifPresent(a -> out.setActivatedBy(a.activatedBy()).setActivatedAt(Timestamps.of(a.activatedAt()))
                .setEffectiveFrom(Timestamps.of(a.effectiveFrom())));
        if (state == PlanState.SUPERSEDED) {
            period.flatMap(timeline::until).ifPresent(until -> out.setEffectiveUntil(Timestamps.of(until)));
        }
        return out.build();
    }
}
