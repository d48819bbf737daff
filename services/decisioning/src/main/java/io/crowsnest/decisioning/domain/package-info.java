/**
 * The rules of the service, free of framework, protobuf and store types: ranking, declines, answers,
 * campaign funnels and uplift, and what makes an action spec or a campaign well-formed
 * ({@link io.crowsnest.decisioning.domain.ActionRules}, {@link io.crowsnest.decisioning.domain.CampaignRules},
 * reporting each bad field under its request path to {@link io.crowsnest.decisioning.domain.FieldChecks}).
 */
package io.crowsnest.decisioning.domain;
