package io.crowsnest.scoring.domain;

/**
 * What makes a segment as written valid beyond its ids (checked by the adapter): a display name of
 * 1 to 128 characters, a description of at most 2,048, an expression of 1 to 4,096 characters (what
 * it may say is {@link SegmentLanguage}'s to decide), a priority within its system of 0 to 1,000 and
 * a re-evaluation interval of 0 (on events only) or one minute to one week. Every problem is
 * reported on its field path.
 */
public final class SegmentRules {

    /** Longest expression, in characters (code points). */
    public static final int MAX_EXPRESSION = 4096;
    /** Highest priority of a segment within its system. */
    public static final int MAX_PRIORITY = 1000;
    /** Shortest and longest re-evaluation interval, in seconds (0: on events only). */
    public static final long MIN_INTERVAL_SECONDS = 60;
    public static final long MAX_INTERVAL_SECONDS = 604_800;

    private SegmentRules() {
    }

    /**
     * The segment's words: display name, description and expression.
     *
     * @return whether the expression is fit to compile (present and not too long)
     */
    public static boolean words(String displayName, String description, String expression, String path,
            Violations v) {
        v.length(displayName, 1, 128, path + ".display_name");
        v.length(description, 0, 2048, path + ".description");
        if (expression.isBlank() || expression.codePointCount(0, expression.length()) > MAX_EXPRESSION) {
            v.add(path + ".expression", expression.isBlank() ? "is required" : "must be at most 4,096 characters");
            return false;
        }
        return true;
    }

    /** When the segment is evaluated: its priority in the system and its re-evaluation interval. */
    public static void schedule(int priority, long reevaluationIntervalSeconds, String path, Violations v) {
        if (priority < 0 || priority > MAX_PRIORITY) {
            v.add(path + ".priority", "must be 0 to 1,000, got " + priority);
        }
        long interval = reevaluationIntervalSeconds;
        if (interval != 0 && (interval < MIN_INTERVAL_SECONDS || interval > MAX_INTERVAL_SECONDS)) {
            v.add(path + ".reevaluation_interval_seconds", "must be 0 (events only) or 60 to 604,800, got "
                    + interval);
        }
    }
}
