package io.crowsnest.scoring.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.HalfLife;
import io.crowsnest.scoring.domain.Matches;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.domain.Outcome;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.RuleMatch;
import io.crowsnest.scoring.domain.ScoreRule;

/**
 * The live store of each person in Redis (features, score states, caps, contribution log, event
 * results), written by one script per observed event so that the event counts once or not at all.
 */
@ApplicationScoped
public class LiveStore {

    /** How long retained events and the contribution log go back, and how many events are retained. */
    public static final Duration RETENTION = Duration.ofDays(90);
    public static final int RETAINED_EVENTS = 100;

    @Inject
    Scripts scripts;

    /** What the observe script found. */
    public enum Status {
        /** Applied now. */
        APPLIED,
        /** The event id was observed before: the outcome is the first one. */
        DUPLICATE,
        /** Redis holds nothing for the person: check that it was not forgotten, then observe again. */
        NEW_PERSON,
        /** The person was forgotten. */
        FORGOTTEN
    }

    /** @param transitions for a duplicate, the segment transitions recorded for the event ("" when none yet) */
    public record Observed(Status status, Outcome outcome, String transitions) {
    }

    /** Observation settings: how far back features, results and purchases are kept. */
    public record Windows(Duration features, Duration results, Duration purchases) {
    }

    /**
     * @param personChecked the caller made sure a person Redis does not know was not forgotten
     * @param retained      the event as the segment language's {@code events} sees it (JSON)
     */
    public Observed observe(ObservedEvent e, String trafficSource, String retained, Matches matches, Instant now,
            boolean personChecked, Windows windows) {
        LiveKeys k = new LiveKeys(e.personId());
        List<String> keys = new ArrayList<>(List.of(k.features(), k.scores(), k.events(), k.sessions(),
                k.sessionIndex(), k.retained(), k.contributions(), k.results(), k.resultIndex(), k.gone(),
                k.purchases(), k.capKeys()));
        List<String> args = new ArrayList<>(List.of(e.eventId(), ms(now), personChecked ? "1" : "0",
                ms(e.occurredAt()), e.type(), e.channel(), trafficSource, e.sessionId(),
                Integer.toString(e.pageDepth()), Integer.toString(e.timeOnPageSeconds()),
                ObservedEvent.PAGE_VIEW.equals(e.type()) ? "1" : "0",
                e.purchase() == null ? "" : e.purchase().currency(),
                e.purchase() == null ? "0" : Long.toString(e.purchase().amountMinor()), retained,
                Long.toString(windows.features().toMillis()), Long.toString(RETENTION.toMillis()),
                Integer.toString(RETAINED_EVENTS), Long.toString(windows.results().toMillis()),
                Long.toString(windows.purchases().toMillis())));
        args.add(Integer.toString(matches.scores().size()));
        for (Map.Entry<String, ScoreRule> s : matches.scores().entrySet()) {
            args.add(s.getKey());
            args.add(Double.toString(s.getValue().definition().minValue()));
            args.add(Double.toString(s.getValue().definition().maxValue()));
            args.add(Integer.toString(s.getValue().halfLives().size()));
            for (HalfLife h : s.getValue().halfLives()) {
                args.add(ms(h.from()));
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
        List<?> reply = (List<?>) scripts.run("observe", keys, args);
        return switch ((String) reply.get(0)) {
            case "OK" -> new Observed(Status.APPLIED, LiveRecords.outcome((String) reply.get(1)), "");
            case "DUP" -> new Observed(Status.DUPLICATE, LiveRecords.outcome((String) reply.get(1)),
                    (String) reply.get(2));
            case "NEW" -> new Observed(Status.NEW_PERSON, null, "");
            default -> new Observed(Status.FORGOTTEN, null, "");
        };
    }

    /** Everything live about a person as of now (contribution log and retained events when asked for). */
    public Read read(String personId, Instant now, Windows windows, boolean contributions, boolean retained) {
        return snapshot(personId, now, windows, contributions, retained, "", Duration.ZERO);
    }

    /**
     * Takes the person's evaluation lease (BUSY while another evaluation holds it) and reads the
     * state with the memberships; the lease is given back by MembershipStore.commit.
     */
    public Read lease(String personId, String token, Duration lease, Instant now, Windows windows, boolean retained) {
        return snapshot(personId, now, windows, false, retained, token, lease);
    }

    private Read snapshot(String personId, Instant now, Windows windows, boolean contributions, boolean retained,
            String token, Duration lease) {
        LiveKeys k = new LiveKeys(personId);
        List<?> reply = (List<?>) scripts.run("state", List.of(k.features(), k.scores(), k.events(), k.sessions(),
                k.retained(), k.contributions(), k.purchases(), k.gone(), k.memberships(), k.lease()),
                List.of(ms(now.minus(windows.features())), ms(now.minus(windows.purchases())),
                        retained ? "1" : "0", contributions ? "1" : "0", token, Long.toString(lease.toMillis())));
        return switch ((String) reply.get(0)) {
            case "OK" -> new Read(Presence.HELD, LiveRecords.state(reply), LiveRecords.hash(reply.get(8)));
            case "GONE" -> new Read(Presence.FORGOTTEN, null, Map.of());
            case "BUSY" -> new Read(Presence.BUSY, null, Map.of());
            default -> new Read(Presence.NONE, null, Map.of());
        };
    }

    /** Whether Redis holds a person (BUSY: held, but another evaluation has the lease). */
    public enum Presence {
        HELD, NONE, FORGOTTEN, BUSY
    }

    /** A read: the state and the raw membership entries when HELD. */
    public record Read(Presence presence, PersonState state, Map<String, String> memberships) {
    }

    /** Marks the person gone and deletes everything Redis holds about it; returns its membership entries. */
    public Map<String, String> forget(String personId, Instant at) {
        LiveKeys k = new LiveKeys(personId);
        return LiveRecords.hash(scripts.run("forget", List.of(k.gone(), k.memberships(), k.capKeys(), k.features(),
                k.scores(), k.events(), k.sessions(), k.sessionIndex(), k.retained(), k.contributions(), k.results(),
                k.resultIndex(), k.purchases(), k.lease()), List.of(ms(at))));
    }

    static String ms(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
