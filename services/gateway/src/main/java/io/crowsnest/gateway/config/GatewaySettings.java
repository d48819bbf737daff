package io.crowsnest.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the gateway itself (service addresses are gRPC client settings). */
@ConfigMapping(prefix = "crowsnest.gateway")
public interface GatewaySettings {

    /** Deadline of each health call made for GET /api/v1/status. */
    @WithDefault("2S")
    Duration statusDeadline();

    /**
     * Deadline of each HTTP request's call to contact governance (the contact status asks about
     * every channel in one CheckEligibilityBatch).
     */
    @WithDefault("5S")
    Duration governanceDeadline();

    /** Deadline of each HTTP request's calls to identity, profile and scoring. */
    @WithDefault("5S")
    Duration profileDeadline();

    /**
     * Deadline of each HTTP request's call to decisioning. A decision reads profile, scoring and
     * contact governance in parallel, each within decisioning's own deadlines, so this covers them.
     */
    @WithDefault("5S")
    Duration decisioningDeadline();

    /**
     * How long the profitability tier sizes read from scoring's population view rank customers in
     * the 360 before they are read again (scoring takes a new population snapshot every 5 minutes).
     */
    @WithDefault("60S")
    Duration populationRefresh();

    /**
     * How long a failed or not-ready read of scoring's population view is kept (the 360 shows no
     * rank meanwhile) before scoring is asked again, so that the 360 does not ask on every request.
     */
    @WithDefault("5S")
    Duration populationRetry();

    /** Deadline of a policy simulation (contact-governance replays the contacts of the period asked). */
    @WithDefault("120S")
    Duration simulationDeadline();

    /** Requests per client on /api (the token's subject, else the address). */
    RateLimit rateLimit();

    interface RateLimit {
        /** Requests a client may send per second, sustained. */
        @WithDefault("50")
        double perSecond();

        /** Requests a client may send at once. */
        @WithDefault("200")
        int burst();
    }

    /**
     * How often the erasures some service has not confirmed yet are asked again by themselves
     * (reading an erasure asks too), so that an erasure interrupted by an outage is completed.
     */
    @WithDefault("1M")
    Duration erasureSweep();

    /** Follow identity's change stream, so that an erasure pseudonymises the access audit (off only in tests). */
    @WithDefault("true")
    boolean followIdentityChanges();
}
