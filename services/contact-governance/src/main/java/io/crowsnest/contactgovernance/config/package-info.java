/** Typed configuration ({@code @ConfigMapping} interfaces) of the service: GovernanceConfig, {@code crowsnest.governance.*}. */
package io.crowsnest.contactgovernance.config;
