package io.crowsnest.scoring.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.Session;
import io.crowsnest.scoring.v1.BehaviourFeatures;
import io.crowsnest.scoring.v1.EventFrequency;
import io.crowsnest.scoring.v1.EventRecency;
import io.crowsnest.scoring.v1.SessionFeatures;
import io.crowsnest.scoring.v1.SourceShare;

/** Behaviour features as the contract shows them. */
public final class FeatureMapping {

    private FeatureMapping() {
    }

    public static BehaviourFeatures features(Features f, Instant now) {
        PersonState s = f.state();
        BehaviourFeatures.Builder out = BehaviourFeatures.newBuilder().setEventCount(s.eventCount())
                .setPurchaseCount(s.purchaseCount()).setSessionsLast30Days(f.sessionsLast30Days())
                .setAverageSessionPageDepth(f.averageSessionPageDepth())
                .setAverageSessionSeconds(f.averageSessionSeconds());
        if (s.firstEventAt() != null) {
            // a person known from its profile attributes alone has no events yet
            out.setFirstEventAt(Timestamps.of(s.firstEventAt())).setLastEventAt(Timestamps.of(s.lastEventAt()));
        }
        for (Map.Entry<String, Instant> r : s.recency().entrySet()) {
            String[] typeChannel = r.getKey().split("\\|", 2);
            out.addRecency(EventRecency.newBuilder().setEventType(typeChannel[0])
                    .setChannel(EventMapping.channel(typeChannel[1])).setLastOccurredAt(Timestamps.of(r.getValue()))
                    .setSecondsSince(Math.max(0, Duration.between(r.getValue(), now).toSeconds())));
        }
        for (Features.Frequency fr : f.frequencies()) {
            out.addFrequency(EventFrequency.newBuilder().setEventType(fr.eventType()).setWindow(window(fr.window()))
                    .setCount(fr.count()));
        }
        if (f.lastSession() != null) {
            out.setLastSession(session(f.lastSession()));
        }
        f.sourceMix().forEach(m -> out.addSourceMix(SourceShare.newBuilder().setTrafficSource(m.trafficSource())
                .setEventCount(m.count()).setShare(m.share())));
        s.amounts().forEach((currency, amount) -> out.addPurchaseAmounts(Money.newBuilder().setCurrencyCode(currency)
                .setAmountMinor(amount)));
        if (s.lastPurchaseAt() != null) {
            out.setLastPurchaseAt(Timestamps.of(s.lastPurchaseAt()));
        }
        return out.build();
    }

    private static SessionFeatures session(Session s) {
        return SessionFeatures.newBuilder().setSessionId(s.sessionId()).setStartedAt(Timestamps.of(s.startedAt()))
                .setLastEventAt(Timestamps.of(s.lastEventAt())).setPageViews(s.pageViews())
                .setMaxPageDepth(s.maxPageDepth()).setTimeSpentSeconds(s.timeSpentSeconds())
                .setTrafficSource(s.trafficSource()).build();
    }

    /** A duration as the contract's rolling window: whole days when it is some, else hours. */
    public static RollingWindow window(Duration d) {
        return d.toHours() % 24 == 0
                ? RollingWindow.newBuilder().setLength((int) d.toDays()).setUnit(WindowUnit.WINDOW_UNIT_DAYS).build()
                : RollingWindow.newBuilder().setLength((int) d.toHours()).setUnit(WindowUnit.WINDOW_UNIT_HOURS).build();
    }
}
