package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A person's declines and the cooldown rule: a declined action is not proposed again for a while. */
public final class Declines {

    /** One decline of an action, in a session ("" when none). */
    public record Decline(String actionId, String sessionId, Instant at) {
    }

    private Declines() {
    }

    /**
     * Why the action may not be proposed now, if it may not: declined in this session
     * (DECLINED_IN_SESSION), or within its cooldown (DECLINE_COOLDOWN, with the end of the cooldown).
     */
    public static Optional<Reason> blocking(List<Decline> declines, String actionId, String sessionId,
            Window cooldown, Instant now) {
        Instant latest = null;
        for (Decline d : declines) {
            if (!d.actionId().equals(actionId)) {
                continue;
            }
            if (!sessionId.isEmpty() && sessionId.equals(d.sessionId())) {
                return Optional.of(new Reason("DECLINED_IN_SESSION",
                        "the customer declined it earlier in this session (" + d.at() + ")",
                        Map.of("declined_at", d.at().toString())));
            }
            if (latest == null || d.at().isAfter(latest)) {
                latest = d.at();
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        Instant until = latest.plus(cooldown.duration());
        if (now.isBefore(until)) {
            return Optional.of(new Reason("DECLINE_COOLDOWN", "the customer declined it on " + latest
                    + "; not proposed again for " + cooldown.describe() + ", until " + until,
                    Map.of("declined_at", latest.toString(), "cooldown_until", until.toString())));
        }
        return Optional.empty();
    }
}
