/**
 * The contract's messages (crowsnest.decisioning.v1, crowsnest.common.v1) to decisioning's domain
 * records and back: ActionMapping, CampaignMapping, DecisionMapping (decisions and outcomes to the
 * contract, the decision context from it) and ProtoValues (the small conversions every mapping
 * uses). Used by api/, never the other way round; no request checks here (a message is mapped as
 * given; the domain's ActionRules and CampaignRules judge it).
 */
package io.crowsnest.decisioning.mapping;
