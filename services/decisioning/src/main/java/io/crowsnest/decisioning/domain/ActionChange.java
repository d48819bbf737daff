package io.crowsnest.decisioning.domain;

import java.time.Instant;

/**
 * One audited change of the catalogue, derived from the versions and the retirement.
 *
 * @param kind   CREATED, UPDATED or RETIRED
 * @param before null for CREATED
 */
public record ActionChange(String actionId, String kind, int version, String actor, Instant at, String note,
        Action before, Action after) {
}
