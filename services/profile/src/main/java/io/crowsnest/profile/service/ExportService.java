package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.domain.ProfileErrors.ExportTooLarge;
import io.crowsnest.profile.store.AuditStore;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.StoredEvent;

/**
 * ExportProfile: every fact profile holds about a person as one document (data portability): the
 * profile, every attribute change and every retained event, rendered by the adapter (the proto3
 * JSON mapping of the contract's messages). An export over what one message carries is refused;
 * each export is audited.
 */
@ApplicationScoped
public class ExportService {

    /** The most an export document may weigh: what the service sends in one message. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    @Inject
    Persons persons;
    @Inject
    ProfileQueries profiles;
    @Inject
    HistoryStore history;
    @Inject
    EventStore events;
    @Inject
    AuditStore audit;
    @Inject
    Clock clock;

    /** Everything held about a person: the profile (with identifiers, without recent events), every change (newest first), every event (oldest first). */
    public record Export(String personId, ProfileView profile, List<HistoryStore.Entry> changes,
            List<StoredEvent> events, Instant generatedAt) {
    }

    /** An export rendered: whose, the document, when. */
    public record Exported(String personId, byte[] document, Instant generatedAt) {
    }

    /** The export of the person referred to, rendered by {@code render}, audited under the requesting system. */
    public Exported export(PersonRef person, String field, String requestingSystem, Function<Export, byte[]> render) {
        Persons.Who who = persons.resolve(person, field);
        Instant now = clock.instant();
        ProfileView profile = profiles.profile(who, 0, true, now);
        byte[] document = render.apply(new Export(who.root(), profile,
                history.page(who.members(), List.of(), null, null, null, Integer.MAX_VALUE), events.all(who.members()),
                now));
        if (document.length > MAX_BYTES) {
            throw new ExportTooLarge(document.length, MAX_BYTES);
        }
        audit.record(who.root(), "EXPORT", requestingSystem, now);
        return new Exported(who.root(), document, now);
    }
}
