/**
 * The rules of scoring as records and pure functions, free of framework, protobuf and store types:
 * plans and their activation timeline, rule matching, score values and decay, how scores combine
 * on a merge, behaviour features, value scores (RFM, churn risk), the segment language and
 * membership rules, score distributions; and the refusals (platform Refusals: ScoringException and
 * its named kinds PersonForgotten, PlanNotFound, SegmentNotFound, PlanVersionConflict…; InvalidField).
 */
package io.crowsnest.scoring.domain;
