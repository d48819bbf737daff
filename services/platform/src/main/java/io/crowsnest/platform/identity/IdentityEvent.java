package io.crowsnest.platform.identity;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Channel;

/**
 * A change identity announced on its change stream, as plain Java for the services that follow it
 * (their use cases take these, never the stream's messages).
 */
public sealed interface IdentityEvent {

    /** The stream offset of the change. */
    long offset();

    /** One person id was merged into another, which survives. */
    record Merged(long offset, String mergeId, String mergedPersonId, String survivorPersonId, Instant occurredAt)
            implements IdentityEvent {
    }

    /** A person was forgotten (erased), with every id that had been merged into them. */
    record Forgotten(long offset, String personId, List<String> mergedPersonIds, Instant occurredAt)
            implements IdentityEvent {
        public Forgotten {
            mergedPersonIds = List.copyOf(mergedPersonIds);
        }
    }

    /** A merge was undone: the merged-away person is restored beside the survivor. */
    record Unmerged(long offset, String mergeId, String survivorPersonId, String restoredPersonId,
            Instant occurredAt) implements IdentityEvent {
    }

    /** A kind of change this version does not know. */
    record Unknown(long offset) implements IdentityEvent {
    }

    /** The event a change of the stream announces. */
    static IdentityEvent of(IdentityChange change) {
        Instant at = change.hasOccurredAt() ? Timestamps.instant(change.getOccurredAt()) : null;
        return switch (change.getPayloadCase()) {
            case MERGED -> new Merged(change.getOffset(), change.getMerged().getMergeId(),
                    change.getMerged().getMergedPersonId(), change.getMerged().getSurvivorPersonId(), at);
            case FORGOTTEN -> new Forgotten(change.getOffset(), change.getForgotten().getPersonId(),
                    change.getForgotten().getMergedPersonIdsList(), at);
            case UNMERGED -> new Unmerged(change.getOffset(), change.getUnmerged().getMergeId(),
                    change.getUnmerged().getSurvivorPersonId(), change.getUnmerged().getRestoredPersonId(), at);
            default -> new Unknown(change.getOffset());
        };
    }

    /**
     * Follows identity's changes for the consumer with {@link IdentityChangeFollower} when enabled
     * (else null; stop it with {@link IdentityChangeFollower#stop}), handing each over as an event.
     */
    static IdentityChangeFollower follow(boolean enabled, Channel identity, MongoDatabase database, String consumer,
            Consumer<IdentityEvent> handler) {
        return IdentityChangeFollower.startIf(enabled, identity, database, consumer,
                change -> handler.accept(of(change)));
    }
}
