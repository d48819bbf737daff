package io.crowsnest.alertnotification.domain;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a subscription to a customer's activity may ask for: a person, an agent id when given, a
 * cursor of this feed to resume after, up to {@link #MAX_REPLAY} past items, and up to
 * {@link #MAX_THRESHOLDS} named score thresholds with finite values.
 */
public final class ActivityRules {

    public static final int MAX_REPLAY = 50;
    public static final int MAX_THRESHOLDS = 20;
    private static final Pattern SCORE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private ActivityRules() {
    }

    /** Checks a subscription; answers the cursor to resume after (empty: from the replay). */
    public static Optional<ActivityCursor> check(Fields.Problems p, String personId, String agentId, String afterCursor,
            int replayLimit, Map<String, Double> thresholds) {
        if (personId.isEmpty() || personId.length() > 64) {
            p.add("person_id", "is required, up to 64 characters");
        }
        if (!agentId.isEmpty() && !Fields.AGENT_OR_TEAM.matcher(agentId).matches()) {
            p.add("agent_id", "is not an agent id ([A-Za-z0-9._@-]{1,64})");
        }
        Optional<ActivityCursor> after = Optional.empty();
        if (!afterCursor.isEmpty()) {
            after = ActivityCursor.decode(afterCursor);
            if (after.isEmpty()) {
                p.add("after_cursor", "is not a cursor of this feed (pass a CustomerEvent.cursor)");
            }
        }
        if (replayLimit < 0 || replayLimit > MAX_REPLAY) {
            p.add("replay_limit", "must be 0 (default 10) to " + MAX_REPLAY + ", got " + replayLimit);
        }
        if (thresholds.size() > MAX_THRESHOLDS) {
            p.add("score_thresholds", "at most " + MAX_THRESHOLDS + ", got " + thresholds.size());
        }
        for (Map.Entry<String, Double> t : thresholds.entrySet()) {
            if (!SCORE_NAME.matcher(t.getKey()).matches()) {
                p.add("score_thresholds[\"" + t.getKey() + "\"]", "is not a score name ([a-z][a-z0-9_]{0,63})");
            } else if (!Double.isFinite(t.getValue())) {
                p.add("score_thresholds[\"" + t.getKey() + "\"]", "must be a finite number");
            }
        }
        return after;
    }
}
