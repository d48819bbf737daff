package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.crowsnest.profile.domain.Activity;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.MaskedIdentifier;
import io.crowsnest.profile.store.StoredEvent;

/**
 * The 360 view of a person as GetProfile answers it, before it becomes the contract's Profile.
 *
 * @param personId        the root
 * @param mergedPersonIds the other members, sorted
 * @param attributes      the current (not cleared) fact per attribute path
 * @param products        the current product holdings (values in their contract JSON form)
 * @param relationships   the current division relationships (likewise)
 * @param activity        the members' activity summed
 * @param recentByChannel events per channel name that occurred in the last thirty days (only
 *                        counted when the person has channel activity)
 * @param answers         every answer, most recently answered first
 * @param recentEvents    the most recent retained events, newest first
 * @param createdAt       the earliest member's creation, or null
 * @param updatedAt       the latest member's update, or null
 * @param identifiers     the masked identifiers identity holds, when asked for (else empty)
 */
public record ProfileView(String personId, List<String> mergedPersonIds, Map<String, Fact> attributes,
        List<Fact> products, List<Fact> relationships, Activity activity, Map<String, Long> recentByChannel,
        List<Answer> answers, List<StoredEvent> recentEvents, Instant createdAt, Instant updatedAt,
        List<MaskedIdentifier> identifiers) {

    ProfileView withIdentifiers(List<MaskedIdentifier> known) {
        return new ProfileView(personId, mergedPersonIds, attributes, products, relationships, activity,
                recentByChannel, answers, recentEvents, createdAt, updatedAt, List.copyOf(known));
    }
}
