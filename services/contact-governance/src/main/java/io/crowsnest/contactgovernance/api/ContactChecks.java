package io.crowsnest.contactgovernance.api;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.domain.ClockSkew;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Checks of request fields shared by this service's RPCs (a contact request, its planned instant);
 * the fields every contract shares (person references, idempotency keys, requesting systems) are
 * checked by the platform's {@link RequestChecks}. Every problem becomes one field violation.
 */
final class ContactChecks {

    static final Pattern DIVISION_ID = Pattern.compile("[a-z0-9-]{1,40}");
    static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private ContactChecks() {
    }

    /**
     * The person ids the contacts name, and those of the ledger entries an answer holds: whom the
     * answer kept for a retry concerns, so that erasing any of them deletes it.
     */
    static List<String> personIds(List<ContactRequest> contacts, String... entryPersonIds) {
        return Stream.concat(contacts.stream().map(c -> c.getPerson().getPersonId()), Stream.of(entryPersonIds))
                .filter(id -> !id.isBlank()).distinct().toList();
    }

    /** Filter channels (e.g. "channels"): each a known channel, never CHANNEL_UNSPECIFIED. */
    static void channelFilter(List<Channel> channels, List<Integer> values, String field, RequestChecks v) {
        for (int i = 0; i < channels.size(); i++) {
            if (values.get(i) <= 0 || channels.get(i) == Channel.UNRECOGNIZED) {
                v.add(field + "[" + i + "]", "must be a known channel, got " + values.get(i));
            }
        }
    }

    /** Filter divisions (e.g. "divisions"): each id a division slug, known to the policy or not. */
    static void divisionFilter(List<DivisionRef> divisions, String field, RequestChecks v) {
        for (int i = 0; i < divisions.size(); i++) {
            if (!DIVISION_ID.matcher(divisions.get(i).getId()).matches()) {
                v.add(field + "[" + i + "].id", "must be 1 to 40 characters of a-z, 0-9 and -");
            }
        }
    }

    /** A checked person reference as the use cases take it. */
    static PersonReference reference(PersonRef person) {
        if (person.hasIdentifier()) {
            var i = person.getIdentifier();
            return PersonReference.identifier(new PersonReference.Identifier(i.getType(), i.getValue(),
                    i.getNamespace()));
        }
        return PersonReference.id(person.getPersonId());
    }

    /**
     * Checks a contact request against the governing policy and builds the intent; the person is
     * filled in later (it may need identity).
     *
     * @param at the instant to evaluate (planned_at or now, or contacted_at)
     */
    static ContactIntent contact(ContactRequest c, String prefix, ContactPolicy policy, Instant at,
            RequestChecks v) {
        v.person(c.getPerson(), prefix + ".person");
        if (c.getChannel() == Channel.CHANNEL_UNSPECIFIED || c.getChannel() == Channel.UNRECOGNIZED) {
            v.add(prefix + ".channel", "must be a known channel, got " + c.getChannelValue());
        }
        String division = c.getDivision().getId();
        if (division.isEmpty()) {
            v.add(prefix + ".division.id", "is required");
        } else if (!DIVISION_ID.matcher(division).matches()) {
            v.add(prefix + ".division.id", "must be 1 to 40 characters of a-z, 0-9 and -, got '" + division + "'");
        } else if (policy != null && policy.division(division).isEmpty()) {
            v.add(prefix + ".division.id", "division '" + division + "' is not listed in the governing policy "
                    + policy.ref() + " (DIVISION_UNKNOWN)");
        }
        if (c.getCategory() == ContactCategory.CONTACT_CATEGORY_UNSPECIFIED
                || c.getCategory() == ContactCategory.UNRECOGNIZED) {
            v.add(prefix + ".category", "must be MARKETING, SERVICE, TRANSACTIONAL or MANDATORY, got "
                    + c.getCategoryValue());
        }
        if (!c.getCampaignId().isEmpty() && !CAMPAIGN_ID.matcher(c.getCampaignId()).matches()) {
            v.add(prefix + ".campaign_id", "must be 1 to 128 characters of letters, digits and . _ : -, got '"
                    + c.getCampaignId() + "'");
        }
        if (!c.getTimeZone().isEmpty() && !PolicyValidator.isTimeZone(c.getTimeZone())) {
            v.add(prefix + ".time_zone", "'" + c.getTimeZone() + "' is not a known IANA time zone (TIME_ZONE_UNKNOWN)");
        }
        if (c.hasExpectedValue()) {
            String currency = c.getExpectedValue().getCurrencyCode();
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                v.add(prefix + ".expected_value.currency_code", "'" + currency + "' is not an ISO 4217 currency");
            }
        }
        if (c.getActionId().length() > 128) {
            v.add(prefix + ".action_id", "must be at most 128 characters");
        }
        v.requestingSystem(c.getRequestingSystem(), prefix + ".requesting_system");
        if (!c.getAgentId().isEmpty() && !AGENT_ID.matcher(c.getAgentId()).matches()) {
            v.add(prefix + ".agent_id", "must be 1 to 64 characters of letters, digits and . _ @ -");
        }
        if (!v.isEmpty()) {
            return null;
        }
        return new ContactIntent(c.getPerson().getPersonId(), ContractMapping.channel(c.getChannel()), division,
                ContractMapping.category(c.getCategory()), c.getCampaignId(), at,
                c.getTimeZone().isEmpty() ? null : c.getTimeZone());
    }

    /** planned_at, defaulting to now; not in the past beyond the clock skew, not after the latest allowed. */
    static Instant planned(ContactRequest c, String field, Instant now, Instant latest, String latestWhy,
            RequestChecks v) {
        if (!c.hasPlannedAt()) {
            return now;
        }
        Instant planned = Timestamps.instant(c.getPlannedAt());
        if (ClockSkew.inPast(planned, now)) {
            v.add(field, "must not be in the past (beyond " + ClockSkew.TOLERATED.toMinutes()
                    + " minutes of clock skew), got " + planned);
        } else if (planned.isAfter(latest)) {
            v.add(field, "must not be after " + latestWhy + " (" + latest + "), got " + planned);
        }
        return ClockSkew.evaluatedAt(planned, now);
    }
}
