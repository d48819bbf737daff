package io.crowsnest.scoring.store;

/**
 * The Redis keys of one person, all under the hash tag {@code sc:{personId}:} so that they share
 * one slot and every script runs unchanged on Redis Cluster.
 */
final class LiveKeys {

    /** Separates the fields of a value the scripts pack (the ASCII unit separator). */
    static final String SEP = "\u001f";

    private final String tag;

    LiveKeys(String personId) {
        this.tag = "sc:{" + personId + "}:";
    }

    /** Behaviour counters: first/last event, counts, recency per type and channel, amounts. */
    String features() {
        return tag + "f";
    }

    /** Score states: name -> value, reference instant, last awarded. */
    String scores() {
        return tag + "s";
    }

    /** Recent events (type, traffic source, id) by occurred_at, for frequencies and the source mix. */
    String events() {
        return tag + "e";
    }

    String sessions() {
        return tag + "ss";
    }

    String sessionIndex() {
        return tag + "sz";
    }

    /** Retained events (JSON) by occurred_at: the last 100 within 90 days. */
    String retained() {
        return tag + "re";
    }

    /** Contribution log by occurred_at: which rule awarded what for which event. */
    String contributions() {
        return tag + "cl";
    }

    /** Result of each observed event id, and the index that expires them. */
    String results() {
        return tag + "r";
    }

    String resultIndex() {
        return tag + "rt";
    }

    /** Set once the person is forgotten: nothing is written for it any more. */
    String gone() {
        return tag + "gone";
    }

    /** Purchases of the value window: currency, amount, event id by occurred_at. */
    String purchases() {
        return tag + "p";
    }

    /** The cap keys created for the person, so that forgetting finds them. */
    String capKeys() {
        return tag + "ck";
    }

    /** Applications of one capped rule by occurred_at. */
    String cap(String planId, String ruleId) {
        return tag + "c:" + planId + "/" + ruleId;
    }

    /** Segment memberships: segment id -> entry. */
    String memberships() {
        return tag + "m";
    }

    /** Profile attributes as last pushed: version, person pushed for, JSON object by path, when stored. */
    String attributes() {
        return tag + "a";
    }

    /** Merges the person absorbed: merge id -> merge instant (so that a merge applies once). */
    String mergedFrom() {
        return tag + "mf";
    }

    /** The key's part after the person's hash tag ("f", "c:plan/rule"...). */
    String suffix(String key) {
        return key.substring(tag.length());
    }

    /** The person's key with that suffix. */
    String withSuffix(String suffix) {
        return tag + suffix;
    }

    /** The lease of the segment evaluation running for the person. */
    String lease() {
        return tag + "l";
    }
}
