package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Contact pressure: the contacts the ledger holds in a window of contactedAt, by division and
 * channel, with the distinct persons they reached. Only committed contacts are in the ledger, so
 * held, released and expired reservations never count.
 *
 * @param from         inclusive
 * @param until        exclusive
 * @param rows         one per (division, channel) with a contact, by division id, then channel
 * @param totalPersons distinct persons over every row (one contacted in two rows counts once)
 */
public record ContactPressure(Instant from, Instant until, List<Row> rows, long totalContacts, long totalPersons,
        Instant readAt) {

    /** The longest window counted at once. */
    public static final Duration MAX_WINDOW = Duration.ofDays(92);

    /** Rows ordered by division id, then channel (contacts without a channel first). */
    public static final Comparator<Row> ORDER = Comparator.comparing(Row::divisionId)
            .thenComparing(Row::channel, Comparator.nullsFirst(Comparator.naturalOrder()));

    public ContactPressure {
        rows = rows.stream().sorted(ORDER).toList();
    }

    /**
     * The contacts of one division on one channel.
     *
     * @param divisionId empty when the contacts named no division
     * @param channel    null when the contacts named no channel
     */
    public record Row(String divisionId, Channel channel, long contacts, long persons) {
    }

    /**
     * What to count: contacts in [from, until), of these divisions and channels (empty lists mean
     * all).
     */
    public record Query(Instant from, Instant until, List<String> divisions, List<Channel> channels) {

        public Query {
            divisions = List.copyOf(divisions);
            channels = List.copyOf(channels);
        }
    }

    /** What the ledger answered: the rows and the distinct persons over all of them. */
    public record Counts(List<Row> rows, long totalPersons) {

        public Counts {
            rows = List.copyOf(rows);
        }
    }

    /** The pressure of the counts read at {@code readAt}; the total of contacts is the rows' sum. */
    public static ContactPressure of(Query query, Counts counts, Instant readAt) {
        long contacts = counts.rows().stream().mapToLong(Row::contacts).sum();
        return new ContactPressure(query.from(), query.until(), counts.rows(), contacts, counts.totalPersons(),
                readAt);
    }

    /** Why the window cannot be counted, or null when it can: end after start, at most 92 days. */
    public static String windowProblem(Instant from, Instant until) {
        if (!until.isAfter(from)) {
            return "must be after window.start";
        }
        if (Duration.between(from, until).compareTo(MAX_WINDOW) > 0) {
            return "must be at most " + MAX_WINDOW.toDays() + " days after window.start, got "
                    + Duration.between(from, until).toDays() + " days";
        }
        return null;
    }
}
