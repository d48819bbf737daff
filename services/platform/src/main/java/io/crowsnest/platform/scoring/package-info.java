/**
 * Following scoring's segment transition stream the same way from every service
 * ({@code SegmentEntryFollower}), its ENTERED transitions read as plain {@code SegmentEntry}s. What a
 * service does with a person entering a segment (stage a campaign member, raise a lead) is the
 * service's own, not here.
 */
package io.crowsnest.platform.scoring;
