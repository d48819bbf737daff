package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which consent decision stands. Within one person the decision observed last wins, whatever order
 * the decisions arrive in; on a tie the more protective one wins (an opt-out, do-not-contact set).
 * When two persons are merged, the stronger decision of either wins (opt-out over opt-in over none)
 * and do-not-contact holds if either had it. An opt-out or do-not-contact newly set blocks the
 * categories it covers, and voids the open reservations in them.
 */
public final class ConsentPrecedence {

    private ConsentPrecedence() {
    }

    /**
     * Whether a channel decision observed at {@code observed} replaces the recorded one.
     *
     * @param recordedObservedAt when the recorded decision was observed; null when none is recorded
     */
    public static boolean channelDecisionApplies(Instant recordedObservedAt, Instant observed,
            ConsentState.Status incoming) {
        return recordedObservedAt == null || observed.isAfter(recordedObservedAt)
                || (observed.equals(recordedObservedAt) && incoming == ConsentState.Status.OPTED_OUT);
    }

    /**
     * Whether a do-not-contact change observed at {@code observed} replaces the recorded flag.
     *
     * @param recordedObservedAt when the recorded flag was observed; null when never set (or set without an instant)
     */
    public static boolean doNotContactApplies(Instant recordedObservedAt, Instant observed, boolean active) {
        return recordedObservedAt == null || observed.isAfter(recordedObservedAt)
                || (observed.equals(recordedObservedAt) && active);
    }

    /** Whether the change newly opts the customer out (and so blocks and voids). */
    public static boolean newlyOptedOut(ConsentState.Status before, ConsentState.Status after) {
        return after == ConsentState.Status.OPTED_OUT && before != ConsentState.Status.OPTED_OUT;
    }

    /**
     * On a merge, whether the merged person's decision replaces the survivor's for the same channel
     * and purpose: the stronger wins (opt-out over opt-in over none); the survivor's wins a tie.
     *
     * @param survivor the survivor's decision; null when it has none
     */
    public static boolean mergedDecisionWins(ConsentState.Status merged, ConsentState.Status survivor) {
        return survivor == null || strength(merged) > strength(survivor);
    }

    /**
     * On a merge, whether the merged person's do-not-contact flag replaces the survivor's: when it
     * is active and the survivor's is not, or when the survivor never had one.
     */
    public static boolean mergedDoNotContactWins(boolean mergedSet, boolean mergedActive, boolean survivorSet,
            boolean survivorActive) {
        return (mergedActive && !survivorActive) || (!survivorSet && mergedSet);
    }

    /**
     * Categories an opt-out of the purpose blocks: marketing blocks marketing; service blocks
     * service and transactional contacts except the categories the policy exempts from consent.
     */
    public static Set<Category> blockedByOptOut(Purpose purpose, Set<Category> consentExempt) {
        if (purpose == Purpose.MARKETING) {
            return EnumSet.of(Category.MARKETING);
        }
        Set<Category> categories = EnumSet.of(Category.SERVICE, Category.TRANSACTIONAL);
        categories.removeAll(consentExempt);
        return categories;
    }

    /**
     * Categories do-not-contact blocks: marketing and the policy's do-not-contact categories; with no
     * policy governing yet, service and transactional too (the cautious reading).
     */
    public static Set<Category> blockedByDoNotContact(Optional<Set<Category>> policyCategories) {
        Set<Category> categories = EnumSet.of(Category.MARKETING);
        policyCategories.ifPresentOrElse(categories::addAll,
                () -> categories.addAll(EnumSet.of(Category.SERVICE, Category.TRANSACTIONAL)));
        return categories;
    }

    private static int strength(ConsentState.Status status) {
        return switch (status) {
            case OPTED_OUT -> 2;
            case OPTED_IN -> 1;
            case NONE -> 0;
        };
    }
}
