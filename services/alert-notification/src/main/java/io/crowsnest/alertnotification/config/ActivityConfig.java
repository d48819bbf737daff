package io.crowsnest.alertnotification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.alerts.activity.*: the live per-customer activity feed. */
@ConfigMapping(prefix = "crowsnest.alerts.activity")
public interface ActivityConfig {

    /** How often an open customer's feed reads profile and scoring. */
    @WithDefault("1S")
    Duration poll();

    /** Heartbeat while a customer's feed is idle. */
    @WithDefault("15S")
    Duration heartbeat();

    /** Threads reading the open customers' feeds, shared by every subscription of the instance. */
    @WithDefault("4")
    int threads();
}
