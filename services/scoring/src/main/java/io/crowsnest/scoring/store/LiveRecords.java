package io.crowsnest.scoring.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.crowsnest.scoring.domain.Contribution;
import io.crowsnest.scoring.domain.EventMark;
import io.crowsnest.scoring.domain.Money;
import io.crowsnest.scoring.domain.Outcome;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.Purchase;
import io.crowsnest.scoring.domain.ScoreState;
import io.crowsnest.scoring.domain.Session;

/** Reads what the scripts write: event results and the live state of a person. */
final class LiveRecords {

    private LiveRecords() {
    }

    /**
     * A result: the processing instant, then one "R" line per matched rule (plan, version, rule,
     * applied, score=awarded,...) and one "S" line per score state (name, value SEP at SEP last).
     */
    static Outcome outcome(String record) {
        String[] lines = record.split("\n");
        List<Outcome.RuleOutcome> rules = new ArrayList<>();
        Map<String, ScoreState> scores = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f[0].equals("R")) {
                Map<String, Double> awarded = new LinkedHashMap<>();
                for (String pair : f[5].isEmpty() ? new String[0] : f[5].split(",")) {
                    int eq = pair.lastIndexOf('=');
                    awarded.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
                }
                rules.add(new Outcome.RuleOutcome(f[1], Long.parseLong(f[2]), f[3], f[4].equals("1"), awarded));
            } else {
                scores.put(f[1], score(f[2]));
            }
        }
        return new Outcome(instant(lines[0]), rules, scores);
    }

    static ScoreState score(String packed) {
        String[] f = packed.split(LiveKeys.SEP);
        return new ScoreState(Double.parseDouble(f[0]), instant(f[1]), instant(f[2]));
    }

    /** The state script's reply after its status: hashes as flat lists, sorted sets with scores. */
    static PersonState state(List<?> reply) {
        Map<String, String> f = hash(reply.get(1));
        Map<String, Long> amounts = new TreeMap<>();
        Map<String, Instant> recency = new TreeMap<>();
        f.forEach((field, value) -> {
            if (field.startsWith("a:")) {
                amounts.put(field.substring(2), Long.parseLong(value));
            } else if (field.startsWith("r:")) {
                recency.put(field.substring(2), instant(value));
            }
        });
        Map<String, ScoreState> scores = new TreeMap<>();
        hash(reply.get(2)).forEach((name, packed) -> scores.put(name, score(packed)));
        List<EventMark> events = new ArrayList<>();
        scored(reply.get(3)).forEach((member, at) -> {
            String[] m = member.split(LiveKeys.SEP, 3);
            events.add(new EventMark(m[2], m[0], m[1], at));
        });
        List<Session> sessions = new ArrayList<>();
        hash(reply.get(4)).forEach((id, packed) -> {
            String[] s = packed.split(LiveKeys.SEP, 6);
            sessions.add(new Session(id, instant(s[0]), instant(s[1]), Integer.parseInt(s[2]),
                    Integer.parseInt(s[3]), Long.parseLong(s[4]), s[5]));
        });
        List<String> retained = strings(reply.get(5));
        List<Contribution> contributions = new ArrayList<>();
        scored(reply.get(6)).forEach((member, at) -> {
            String[] c = member.split(LiveKeys.SEP, 7);
            contributions.add(new Contribution(c[0], c[1], Long.parseLong(c[2]), c[3], c[6], c[4], at,
                    Double.parseDouble(c[5])));
        });
        List<Purchase> purchases = new ArrayList<>();
        scored(reply.get(7)).forEach((member, at) -> {
            String[] p = member.split(LiveKeys.SEP, 3);
            purchases.add(new Purchase(p[2], at, p[0].isEmpty() ? null : new Money(p[0], Long.parseLong(p[1]))));
        });
        return new PersonState(optionalInstant(f.get("first")), optionalInstant(f.get("last")), number(f.get("n")),
                number(f.get("pc")), f.containsKey("lp") ? instant(f.get("lp")) : null, amounts, recency, events,
                sessions, scores, purchases, contributions, retained);
    }

    /** The attributes the state script read (a JSON object, "" when none), as plain JSON values by path. */
    static Map<String, Object> attributes(String json) {
        return json == null || json.isEmpty() ? Map.of() : JsonText.sortedObject(json);
    }

    static Map<String, String> hash(Object flat) {
        List<String> list = strings(flat);
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            out.put(list.get(i), list.get(i + 1));
        }
        return out;
    }

    /** A sorted set read WITHSCORES: member -> instant, in order. */
    private static Map<String, Instant> scored(Object flat) {
        List<String> list = strings(flat);
        Map<String, Instant> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            out.put(list.get(i), instant(list.get(i + 1)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object reply) {
        return (List<String>) reply;
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    /** An instant a person without events does not have yet: null. */
    private static Instant optionalInstant(String ms) {
        return ms == null ? null : instant(ms);
    }

    static Instant instant(String ms) {
        return Instant.ofEpochMilli((long) Double.parseDouble(ms));
    }
}
