package io.crowsnest.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.crowsnest.identity.domain.Survivorship.Candidate;

/**
 * The rules of ResolvePerson that decide who is who: which of the persons a request reaches it
 * resolves to and who is merged into that person (see the contract), why a merge was made, and
 * when a link seen again is not worth a write.
 */
public final class ResolveRules {

    private ResolveRules() {
    }

    /** The person the request resolves to and the persons merged into it, in order. */
    public record Choice(Candidate target, List<Candidate> toMerge) {
    }

    /**
     * Who a request reaching persons through unique identifiers resolves to. {@code known}: the
     * KNOWN roots reached through unique identifiers, {@code anonymous}: the ANONYMOUS roots reached
     * through any identifier, both in request order. Anonymous persons are merged into the target;
     * known ones only on authenticated evidence (then the best survivor is the target), otherwise
     * the first known one reached is. Empty when nobody is reached: a new person.
     */
    public static Optional<Choice> choose(List<Candidate> known, List<Candidate> anonymous, boolean authenticated) {
        if (known.isEmpty() && anonymous.isEmpty()) {
            return Optional.empty();
        }
        Candidate target;
        List<Candidate> toMerge = new ArrayList<>();
        if (known.isEmpty()) {
            target = best(anonymous);
        } else if (authenticated) {
            target = best(known);
            known.stream().filter(c -> !c.id().equals(target.id())).forEach(toMerge::add);
        } else {
            target = known.get(0);
        }
        anonymous.stream().filter(c -> !c.id().equals(target.id())).forEach(toMerge::add);
        return Optional.of(new Choice(target, List.copyOf(toMerge)));
    }

    private static Candidate best(List<Candidate> candidates) {
        return candidates.stream().min(Survivorship.FIRST_SURVIVES).orElseThrow();
    }

    /** The reason code of a merge made by ResolvePerson. */
    public static String mergeReasonCode(boolean authenticated) {
        return authenticated ? "RESOLVE_AUTHENTICATED" : "RESOLVE_ANONYMOUS";
    }

    /** The sentence of a merge made by ResolvePerson, for the person merged. */
    public static String mergeReasonMessage(PersonKind merged, boolean authenticated, String system) {
        return (merged == PersonKind.KNOWN ? "known" : "anonymous")
                + " person reached through identifiers seen together with the survivor's in one "
                + (authenticated ? "authenticated " : "") + "request from " + system;
    }

    /**
     * Whether a use at seenAt would change nothing worth a write: not before the first use (which
     * it would move back), nor a resolution or more after the last. Events of one visit arrive out
     * of order from collectors' batches; within those bounds they cost no write.
     */
    public static boolean seenRecently(Instant firstSeenAt, Instant lastSeenAt, Instant seenAt, Duration resolution) {
        return !seenAt.isBefore(firstSeenAt) && seenAt.isBefore(lastSeenAt.plus(resolution));
    }
}
