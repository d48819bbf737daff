package io.crowsnest.profile.domain;

/**
 * One change of a current value, as the attribute history records it.
 *
 * @param key      the path, e.g. "given_name", "custom.tier", "products.visa-gold"
 * @param before   the current fact before the change, or null when there was none
 * @param supplied the fact supplied (after a split: the fact now current, or null)
 * @param applied  whether the supplied fact became current; false when the current one is newer
 */
public record Change(String key, Fact before, Fact supplied, boolean applied) {
}
