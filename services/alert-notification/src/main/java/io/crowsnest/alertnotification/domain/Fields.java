package io.crowsnest.alertnotification.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shapes of alert-notification's fields (agent and team ids, systems, idempotency keys, texts,
 * reasons) and their checks, shared by the rules: each bad field is reported to a {@link Problems}
 * with its path as in the request.
 */
public final class Fields {

    /** Where the checks report bad fields (the adapter gathers them and refuses INVALID_ARGUMENT). */
    @FunctionalInterface
    public interface Problems {
        void add(String field, String description);
    }

    public static final Pattern AGENT_OR_TEAM = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    public static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");
    public static final Pattern DIVISION = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private Fields() {
    }

    public static void id(Problems p, String field, String value) {
        if (!AGENT_OR_TEAM.matcher(value).matches()) {
            p.add(field, value.isEmpty() ? "required" : "must match [A-Za-z0-9._@-]{1,64}");
        }
    }

    public static void optionalId(Problems p, String field, String value) {
        if (!value.isEmpty()) {
            id(p, field, value);
        }
    }

    public static void system(Problems p, String field, String value) {
        if (!SYSTEM.matcher(value).matches()) {
            p.add(field, value.isEmpty() ? "required" : "must match [a-z0-9-]{1,64}");
        }
    }

    /** {@code min} to {@code max} characters; with a minimum, blank counts as missing. */
    public static void text(Problems p, String field, String value, int min, int max) {
        if (value.length() < min || value.isBlank() && min > 0) {
            p.add(field, "required");
        } else if (value.length() > max) {
            p.add(field, "at most " + max + " characters");
        }
    }

    /** A reason (null when not given): a code of up to 64 characters and a message of up to 1,000. */
    public static void reason(Problems p, String field, Reason reason, boolean required) {
        if (reason == null) {
            if (required) {
                p.add(field, "required");
            }
            return;
        }
        if (reason.code().isEmpty()) {
            p.add(field + ".code", "required");
        } else if (reason.code().length() > 64) {
            p.add(field + ".code", "at most 64 characters");
        }
        text(p, field + ".message", reason.message(), 0, 1000);
    }

    /** The inboxes of a listing or subscription: an agent or teams, up to 20 well-formed team ids. */
    public static void inboxes(Problems p, String agentId, List<String> teamIds) {
        if (agentId.isEmpty() && teamIds.isEmpty()) {
            p.add("agent_id", "agent_id or team_ids required");
        }
        optionalId(p, "agent_id", agentId);
        if (teamIds.size() > 20) {
            p.add("team_ids", "at most 20 team ids");
        }
        for (int i = 0; i < teamIds.size(); i++) {
            id(p, "team_ids[" + i + "]", teamIds.get(i));
        }
    }
}
