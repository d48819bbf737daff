package io.crowsnest.alertnotification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.alerts.leads.*: following scoring's transitions and the digest that offers leads. */
@ConfigMapping(prefix = "crowsnest.alerts.leads")
public interface LeadsConfig {

    /** Follow scoring's segment transition stream to make leads. */
    @WithDefault("true")
    boolean followTransitions();

    /**
     * How often each team's digest offers its best candidates; candidates arriving between two
     * digests compete on score (best first) for the hour's remaining budget.
     */
    @WithDefault("1M")
    Duration digestInterval();
}
