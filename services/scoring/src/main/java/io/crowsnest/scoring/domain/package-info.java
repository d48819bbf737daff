/**
 * The rules of scoring as records and pure functions, free of framework, store and contract types:
 * plans as written (PlanDraft) and as applied (Plan, AppliedPlans) with their activation timeline,
 * rule matching, score values and decay, how scores combine on a merge, behaviour features, value
 * scores (PersonValue: RFM, profitability, churn risk), the segment language, segment and system
 * definitions, membership rules, memberships, transitions and why they happened (Reason,
 * MatchExplanation), score distributions; and the refusals (platform Refusals: ScoringException
 * and its named kinds PersonForgotten, PlanNotFound, SegmentNotFound, PlanVersionConflict…;
 * InvalidField). The segment language builds the protobuf descriptors CEL checks expressions
 * against (CEL's API takes them): that library type is the only protobuf one here.
 */
package io.crowsnest.scoring.domain;
