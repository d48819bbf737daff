package io.crowsnest.scoring.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.Matches;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.domain.Outcome;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.ScoreState;

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
        FORGOTTEN,
        /** The person was merged into another: observe again for movedTo. */
        MOVED
    }

    /** What the gone mark of a person merged away holds: this prefix and the survivor's id. */
    static final String ALIAS = "=>";

    /**
     * @param transitions for a duplicate, the segment transitions recorded for the event ("" when none yet)
     * @param movedTo     when MOVED, the survivor the person was merged into
     * @param read        when APPLIED with a lease asked for, the state under the lease (HELD), or BUSY
     *                    while another evaluation holds it; null otherwise
     */
    public record Observed(Status status, Outcome outcome, String transitions, String movedTo, Read read) {
    }

    /**
     * The evaluation lease an applied event takes, so that the evaluation after it finds the state
     * read already: its token, how long it holds, whether the read includes retained events, and
     * whether it includes the recent events, sessions and purchases (what features and value scores
     * are computed from: the bulk of a busy person's state, read only when a segment needs them).
     */
    public record Lease(String token, Duration ttl, boolean retained, boolean windows) {
    }

    /** Observation settings: how far back features, results and purchases are kept. */
    public record Windows(Duration features, Duration results, Duration purchases) {
    }

    /**
     * Observes one event for its person (see {@link Observation} for the arguments).
     */
    public Observed observe(ObservedEvent e, String trafficSource, String retained, Matches matches, Instant now,
            boolean personChecked, Windows windows, Lease lease) {
        Scripts.Call call = ObserveCall.of(new Observation(e, trafficSource, retained, matches, now, personChecked,
                windows, lease));
        return observed((List<?>) scripts.run("observe", call.keys(), call.args()));
    }

    /**
     * One event to observe, as {@link #observe} takes it.
     *
     * @param personChecked the caller made sure a person Redis does not know was not forgotten
     * @param retained      the event as the segment language's {@code events} sees it (JSON)
     * @param lease         the evaluation lease to take once the event is applied; null for none
     */
    public record Observation(ObservedEvent event, String trafficSource, String retained, Matches matches,
            Instant now, boolean personChecked, Windows windows, Lease lease) {
    }

    /** What became of one observation of {@link #observeAll}: what the script found, or the failure. */
    public record Attempt(Observed observed, RuntimeException failure) {
    }

    /**
     * Observes several events in one pipelined round trip per Redis node, in the order given (the
     * caller gives at most one event per person, so no answer depends on another's). Each answer is
     * what {@link #observe} would have answered, or the failure its script ended with; when the
     * round trip itself fails (Redis unreachable), every event gets that failure.
     */
    public List<Attempt> observeAll(List<Observation> observations) {
        List<Scripts.Call> calls = new ArrayList<>(observations.size());
        observations.forEach(o -> calls.add(ObserveCall.of(o)));
        List<Attempt> out = new ArrayList<>(observations.size());
        List<Object> replies;
        try {
            replies = scripts.runAll("observe", calls);
        } catch (RuntimeException e) {
            observations.forEach(o -> out.add(new Attempt(null, e)));
            return out;
        }
        for (Object reply : replies) {
            if (reply instanceof RuntimeException failure) {
                out.add(new Attempt(null, failure));
            } else {
                out.add(new Attempt(observed((List<?>) reply), null));
            }
        }
        return out;
    }

    /** What the observe script's answer says. */
    private Observed observed(List<?> reply) {
        return switch ((String) reply.get(0)) {
            case "OK" -> new Observed(Status.APPLIED, LiveRecords.outcome((String) reply.get(1)), "", "",
                    switch ((String) reply.get(2)) {
                        case "HELD" -> held(reply.subList(2, reply.size()));
                        case "BUSY" -> new Read(Presence.BUSY, null, Map.of(), "", Map.of());
                        default -> null;
                    });
            case "DUP" -> new Observed(Status.DUPLICATE, LiveRecords.outcome((String) reply.get(1)),
                    (String) reply.get(2), "", null);
            case "NEW" -> new Observed(Status.NEW_PERSON, null, "", "", null);
            default -> movedTo(reply).isEmpty() ? new Observed(Status.FORGOTTEN, null, "", "", null)
                    : new Observed(Status.MOVED, null, "", movedTo(reply), null);
        };
    }

    /** A state read laid out as the state script answers it: status, then the state's parts. */
    private static Read held(List<?> reply) {
        return new Read(Presence.HELD, LiveRecords.state(reply), LiveRecords.hash(reply.get(8)), "",
                LiveRecords.attributes((String) reply.get(9)));
    }

    /** Everything live about a person as of now (contribution log and retained events when asked for). */
    public Read read(String personId, Instant now, Windows windows, boolean contributions, boolean retained) {
        return snapshot(personId, now, windows, contributions, retained, true, "", Duration.ZERO);
    }

    /**
     * Takes the person's evaluation lease (BUSY while another evaluation holds it) and reads the
     * state with the memberships (the recent events, sessions and purchases only when {@code recent});
     * the lease is given back by MembershipStore.commit.
     */
    public Read lease(String personId, String token, Duration lease, Instant now, Windows windows, boolean retained,
            boolean recent) {
        return snapshot(personId, now, windows, false, retained, recent, token, lease);
    }

    private Read snapshot(String personId, Instant now, Windows windows, boolean contributions, boolean retained,
            boolean recent, String token, Duration lease) {
        LiveKeys k = new LiveKeys(personId);
        List<?> reply = (List<?>) scripts.run("state", List.of(k.features(), k.scores(), k.events(), k.sessions(),
                k.retained(), k.contributions(), k.purchases(), k.gone(), k.memberships(), k.lease(), k.attributes()),
                List.of(ms(now.minus(windows.features())), ms(now.minus(windows.purchases())),
                        retained ? "1" : "0", contributions ? "1" : "0", token, Long.toString(lease.toMillis()),
                        recent ? "1" : "0"));
        return switch ((String) reply.get(0)) {
            case "OK" -> held(reply);
            case "GONE" -> movedTo(reply).isEmpty() ? new Read(Presence.FORGOTTEN, null, Map.of(), "", Map.of())
                    : new Read(Presence.MOVED, null, Map.of(), movedTo(reply), Map.of());
            case "BUSY" -> new Read(Presence.BUSY, null, Map.of(), "", Map.of());
            default -> new Read(Presence.NONE, null, Map.of(), "", Map.of());
        };
    }

    /** Whether Redis holds a person (BUSY: held, but another evaluation has the lease). */
    public enum Presence {
        HELD, NONE, FORGOTTEN, BUSY, MOVED
    }

    /**
     * A read: the state, the raw membership entries and the profile attributes (plain JSON values by
     * attribute path) when HELD; the survivor when MOVED.
     */
    public record Read(Presence presence, PersonState state, Map<String, String> memberships, String movedTo,
            Map<String, Object> attributes) {
    }

    /** What storing a person's attributes came to. */
    public enum AttributesStatus {
        /** Stored now. */
        APPLIED,
        /** This very version was held already: nothing changed. */
        HELD,
        /** A newer version (or the survivor's own snapshot) is held: nothing changed. */
        STALE,
        /** Redis holds nothing for the person: check that it was not forgotten, then store again. */
        NEW_PERSON,
        /** The person was forgotten. */
        FORGOTTEN,
        /** The person was merged into another: store again for movedTo. */
        MOVED
    }

    /** @param version the version held after the step (when APPLIED, HELD or STALE) */
    public record AttributesStored(AttributesStatus status, String version, String movedTo) {
    }

    /**
     * Stores the attributes pushed for {@code pushedFor} in the slot of {@code personId} (the same
     * person, or its survivor) when the version is newer than the one held, in one step.
     *
     * @param json          the attributes as a JSON object by attribute path
     * @param personChecked the caller made sure a person Redis does not know was not forgotten
     */
    public AttributesStored storeAttributes(String pushedFor, String personId, long version, String json, Instant now,
            boolean personChecked) {
        LiveKeys k = new LiveKeys(personId);
        List<?> reply = (List<?>) scripts.run("attributes", List.of(k.gone(), k.attributes(), k.features()),
                List.of(pushedFor, personId, Long.toString(version), json, ms(now), personChecked ? "1" : "0"));
        String held = reply.size() > 1 ? (String) reply.get(1) : "";
        return switch ((String) reply.get(0)) {
            case "OK" -> new AttributesStored(AttributesStatus.APPLIED, held, "");
            case "HELD" -> new AttributesStored(AttributesStatus.HELD, held, "");
            case "STALE" -> new AttributesStored(AttributesStatus.STALE, held, "");
            case "NEW" -> new AttributesStored(AttributesStatus.NEW_PERSON, "", "");
            default -> movedTo(reply).isEmpty() ? new AttributesStored(AttributesStatus.FORGOTTEN, "", "")
                    : new AttributesStored(AttributesStatus.MOVED, "", movedTo(reply));
        };
    }

    /** The survivor named by a GONE reply's alias mark; "" for a forgotten person. */
    private static String movedTo(List<?> reply) {
        String mark = reply.size() > 1 ? (String) reply.get(1) : "";
        return mark.startsWith(ALIAS) ? mark.substring(ALIAS.length()) : "";
    }

    /** Marks the person gone and deletes everything Redis holds about it; returns its membership entries. */
    public Map<String, String> forget(String personId, Instant at) {
        return erase(personId, ms(at));
    }

    /**
     * Deletes everything Redis holds about a person merged away, leaving its alias to the survivor
     * as its gone mark; returns its membership entries.
     */
    public Map<String, String> leaveAlias(String personId, String survivorId) {
        return erase(personId, ALIAS + survivorId);
    }

    /** Removes the alias of a person merged into the survivor (an unmerge); false when it has none. */
    public boolean dropAlias(String personId, String survivorId) {
        return Long.valueOf(1).equals(scripts.run("unalias", List.of(new LiveKeys(personId).gone()),
                List.of(ALIAS + survivorId)));
    }

    private Map<String, String> erase(String personId, String mark) {
        LiveKeys k = new LiveKeys(personId);
        return LiveRecords.hash(scripts.run("forget", List.of(k.gone(), k.memberships(), k.capKeys(), k.features(),
                k.scores(), k.events(), k.sessions(), k.sessionIndex(), k.retained(), k.contributions(), k.results(),
                k.resultIndex(), k.purchases(), k.mergedFrom(), k.lease(), k.attributes()), List.of(mark)));
    }

    /** What detach found: its status, the gone mark when GONE, and each key's content by suffix when HELD. */
    public record Detached(Presence presence, String mark, Map<String, Held> keys) {
    }

    /** One key handed over: its Redis type and its flat content (field, value... or member, score...). */
    public record Held(String type, List<String> items) {
    }

    /**
     * Freezes a person being merged into the survivor (its gone mark becomes the alias, so events
     * go to the survivor from now on) under its evaluation lease, and returns everything it holds
     * but its profile attributes (the survivor keeps its own; profile pushes the merged ones).
     */
    public Detached detach(String personId, String survivorId, String token, Duration lease) {
        LiveKeys k = new LiveKeys(personId);
        List<?> reply = (List<?>) scripts.run("detach", List.of(k.gone(), k.lease(), k.features(), k.capKeys(),
                k.scores(), k.events(), k.sessions(), k.sessionIndex(), k.retained(), k.contributions(), k.results(),
                k.resultIndex(), k.purchases(), k.mergedFrom()), List.of(ALIAS + survivorId, token,
                Long.toString(lease.toMillis())));
        return switch ((String) reply.get(0)) {
            case "OK" -> {
                Map<String, Held> keys = new LinkedHashMap<>();
                for (int i = 1; i + 2 < reply.size(); i += 3) {
                    keys.put(k.suffix((String) reply.get(i)), new Held((String) reply.get(i + 1),
                            LiveRecords.strings(reply.get(i + 2))));
                }
                yield new Detached(Presence.HELD, "", keys);
            }
            case "GONE" -> new Detached(Presence.FORGOTTEN, (String) reply.get(1), Map.of());
            case "BUSY" -> new Detached(Presence.BUSY, "", Map.of());
            default -> new Detached(Presence.NONE, "", Map.of());
        };
    }

    /** What absorb did. */
    public enum Absorbed {
        /** Absorbed now. */
        OK,
        /** This merge was absorbed before: nothing changed. */
        DONE,
        /** The survivor observed an event since it was read: read again. */
        RETRY,
        /** The survivor was forgotten or merged away itself: nothing changed. */
        GONE
    }

    /**
     * The survivor absorbs what detach handed over, once per merge id, provided its event count is
     * still the one it was read with (0 when it has none); scores are the packed states the
     * caller combined.
     */
    public Absorbed absorb(String survivorId, String mergeId, Instant at, String expectedCount,
            Map<String, String> scores, Map<String, Held> handed) {
        LiveKeys k = new LiveKeys(survivorId);
        List<String> keys = new ArrayList<>(List.of(k.mergedFrom(), k.features(), k.scores(), k.capKeys(),
                k.retained(), k.gone()));
        List<String> args = new ArrayList<>(List.of(mergeId, ms(at), expectedCount, Integer.toString(RETAINED_EVENTS),
                Integer.toString(scores.size())));
        scores.forEach((name, packed) -> {
            args.add(name);
            args.add(packed);
        });
        handed.forEach((suffix, held) -> {
            keys.add(k.withSuffix(suffix));
            args.add(suffix);
            args.add(held.type());
            args.add(Integer.toString(held.items().size()));
            args.addAll(held.items());
        });
        return Absorbed.valueOf((String) scripts.run("absorb", keys, args));
    }

    public static ScoreState unpackScore(String packed) {
        return LiveRecords.score(packed);
    }

    /** A score state packed as the scripts keep it: value, reference instant, last award. */
    public static String packScore(double value, Instant at, Instant lastAwardedAt) {
        return Double.toString(value) + LiveKeys.SEP + ms(at) + LiveKeys.SEP + ms(lastAwardedAt);
    }

    static String ms(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
