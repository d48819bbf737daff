package io.crowsnest.scoring.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.crowsnest.scoring.domain.HalfLife;
import io.crowsnest.scoring.domain.Matches;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.domain.RuleMatch;
import io.crowsnest.scoring.domain.ScoreRule;

/** The observe script's keys and arguments for one event, laid out as observe.lua reads them. */
final class ObserveCall {

    private ObserveCall() {
    }

    static Scripts.Call of(LiveStore.Observation o) {
        ObservedEvent e = o.event();
        Matches matches = o.matches();
        LiveStore.Windows windows = o.windows();
        LiveStore.Lease lease = o.lease();
        LiveKeys k = new LiveKeys(e.personId());
        List<String> keys = new ArrayList<>(List.of(k.features(), k.scores(), k.events(), k.sessions(),
                k.sessionIndex(), k.retained(), k.contributions(), k.results(), k.resultIndex(), k.gone(),
                k.purchases(), k.capKeys(), k.memberships(), k.lease(), k.attributes()));
        List<String> args = new ArrayList<>(List.of(e.eventId(), LiveStore.ms(o.now()),
                o.personChecked() ? "1" : "0",
                LiveStore.ms(e.occurredAt()), e.type(), e.channel(), o.trafficSource(), e.sessionId(),
                Integer.toString(e.pageDepth()), Integer.toString(e.timeOnPageSeconds()),
                ObservedEvent.PAGE_VIEW.equals(e.type()) ? "1" : "0",
                e.purchase() == null ? "" : e.purchase().currency(),
                e.purchase() == null ? "0" : Long.toString(e.purchase().amountMinor()), o.retained(),
                Long.toString(windows.features().toMillis()), Long.toString(LiveStore.RETENTION.toMillis()),
                Integer.toString(LiveStore.RETAINED_EVENTS), Long.toString(windows.results().toMillis()),
                Long.toString(windows.purchases().toMillis()), lease == null ? "" : lease.token(),
                lease == null ? "0" : Long.toString(lease.ttl().toMillis()),
                lease != null && lease.retained() ? "1" : "0", lease != null && lease.windows() ? "1" : "0"));
        args.add(Integer.toString(matches.scores().size()));
        for (Map.Entry<String, ScoreRule> s : matches.scores().entrySet()) {
            args.add(s.getKey());
            args.add(Double.toString(s.getValue().definition().minValue()));
            args.add(Double.toString(s.getValue().definition().maxValue()));
            args.add(Integer.toString(s.getValue().halfLives().size()));
            for (HalfLife h : s.getValue().halfLives()) {
                args.add(LiveStore.ms(h.from()));
                args.add(Long.toString(h.seconds() * 1000));
            }
        }
        args.add(Integer.toString(matches.rules().size()));
        for (RuleMatch m : matches.rules()) {
            args.add(m.plan().planId());
            args.add(Long.toString(m.plan().version()));
            args.add(m.rule().ruleId());
            if (m.rule().cap() == null) {
                args.addAll(List.of("0", "0", "0"));
            } else {
                keys.add(k.cap(m.plan().planId(), m.rule().ruleId()));
                args.add(Integer.toString(keys.size()));
                args.add(Integer.toString(m.rule().cap().maxApplications()));
                args.add(Long.toString(m.rule().cap().window().toMillis()));
            }
            args.add(Integer.toString(m.rule().points().size()));
            m.rule().points().forEach((score, points) -> {
                args.add(score);
                args.add(Double.toString(points));
            });
        }
        return new Scripts.Call(keys, args);
    }
}
