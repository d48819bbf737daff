package io.crowsnest.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Every service's clock in its tests (built only for the test profile, never into an application):
 * the system clock plus an offset that a test moves forward — or back — instead of sleeping until a
 * lease, a cooldown, an expiry or a retention period has passed. It replaces {@link ClockProducer}'s
 * default clock (a service's own test clock with a higher priority would win over this one).
 */
@Alternative
@Priority(0)
@Singleton
@IfBuildProfile("test")
public class MovableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** Moves time forward (or back, for a negative duration) for everything that reads this clock. */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Back to the system clock. */
    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
