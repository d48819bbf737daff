package io.crowsnest.gateway.api;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.TimeRange;

/**
 * Reads query parameters and headers into contract values. Each reader adds a violation, named
 * after the query parameter or header, to {@code out} instead of throwing, so that one 400 lists
 * every problem; callers end with {@link InvalidRequest#throwIfAny}.
 */
final class RequestParams {

    private RequestParams() {
    }

    /** Values of a query parameter given repeatedly and/or comma-separated, trimmed, without blanks or repeats. */
    static List<String> values(List<String> raw) {
        Set<String> values = new LinkedHashSet<>();
        if (raw != null) {
            for (String item : raw) {
                for (String value : item.split(",")) {
                    if (!value.isBlank()) {
                        values.add(value.trim());
                    }
                }
            }
        }
        return List.copyOf(values);
    }

    /**
     * Enum values by name, case-insensitive, with or without the enum's prefix (EMAIL or
     * CHANNEL_EMAIL); the unspecified value is refused.
     */
    static <E extends Enum<E> & ProtocolMessageEnum> List<E> enums(List<String> names, Class<E> type, String prefix,
            String param, List<Problem.Violation> out) {
        List<E> values = new ArrayList<>();
        for (String name : names) {
            E value = enumValue(name, type, prefix);
            if (value == null) {
                out.add(new Problem.Violation(param, "unknown value \"" + name + "\"; one of "
                        + String.join(", ", names(type, prefix))));
            } else if (!values.contains(value)) {
                values.add(value);
            }
        }
        return values;
    }

    /** One enum value by name as in {@link #enums}, or {@code fallback} when the parameter is absent. */
    static <E extends Enum<E> & ProtocolMessageEnum> E enumOrDefault(String name, E fallback, Class<E> type,
            String prefix, String param, List<Problem.Violation> out) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        List<E> values = enums(List.of(name.trim()), type, prefix, param, out);
        return values.isEmpty() ? fallback : values.get(0);
    }

    /** The names a client may use for an enum: without prefix, without the unspecified value. */
    static <E extends Enum<E>> List<String> names(Class<E> type, String prefix) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(n -> n.startsWith(prefix) && !n.equals(prefix + "UNSPECIFIED"))
                .map(n -> n.substring(prefix.length())).collect(Collectors.toList());
    }

    private static <E extends Enum<E>> E enumValue(String name, Class<E> type, String prefix) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        String full = upper.startsWith(prefix) ? upper : prefix + upper;
        if (full.equals(prefix + "UNSPECIFIED")) {
            return null;
        }
        try {
            return Enum.valueOf(type, full);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An RFC 3339 instant, e.g. 2026-03-01T00:00:00Z; null when absent. */
    static Timestamp instant(String value, String param, List<Problem.Violation> out) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Timestamps.parse(value.trim());
        } catch (ParseException | RuntimeException e) {
            out.add(new Problem.Violation(param, "must be an RFC 3339 instant such as 2026-03-01T09:00:00Z, got \""
                    + value + "\""));
            return null;
        }
    }

    /** A time range from two optional RFC 3339 instants (from, to); null when both are absent. */
    static TimeRange range(String from, String to, List<Problem.Violation> out) {
        Timestamp start = instant(from, "from", out);
        Timestamp end = instant(to, "to", out);
        if (start == null && end == null) {
            return null;
        }
        TimeRange.Builder range = TimeRange.newBuilder();
        if (start != null) {
            range.setStart(start);
        }
        if (end != null) {
            range.setEnd(end);
        }
        return range.build();
    }

    /** A whole number (e.g. a version), or 0 with a violation. */
    static long number(String value, String param, List<Problem.Violation> out) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            out.add(new Problem.Violation(param, "must be a whole number, got \"" + value + "\""));
            return 0;
        }
    }

    /** Paging from page_size and page_token; the service checks the size's range. */
    static PageRequest page(String pageSize, String pageToken, List<Problem.Violation> out) {
        PageRequest.Builder page = PageRequest.newBuilder();
        if (pageSize != null && !pageSize.isBlank()) {
            try {
                page.setPageSize(Integer.parseInt(pageSize.trim()));
            } catch (NumberFormatException e) {
                out.add(new Problem.Violation("page_size", "must be a whole number from 0 (default 50) to 500, got \""
                        + pageSize + "\""));
            }
        }
        if (pageToken != null) {
            page.setPageToken(pageToken);
        }
        return page.build();
    }

    /** A header that must be present and not blank; empty string (with a violation) when missing. */
    static String requiredHeader(String value, String header, List<Problem.Violation> out) {
        if (value == null || value.isBlank()) {
            out.add(new Problem.Violation(header, "header is required"));
            return "";
        }
        return value.trim();
    }
}
