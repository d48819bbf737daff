/**
 * Access to the stores this service owns (MongoDB database `scoring` and its own Redis); no other
 * service reads them. Stores take and return domain records and plain values; the document and
 * Redis layouts are mapped here. The records kept in the contract's encoding since the first
 * release stay byte for byte as they are, written and read through interfaces this package owns
 * and mapping/ implements: plan versions' content ({@link io.crowsnest.scoring.store.PlanFormat},
 * ScoringPlan JSON), segments and systems ({@link io.crowsnest.scoring.store.DefinitionFormat},
 * Segment and SegmentationSystem JSON), memberships, a person's latest evaluation and transitions
 * ({@link io.crowsnest.scoring.store.SegmentRecordFormat}, SegmentMembership,
 * SegmentMatchExplanation and delimited SegmentTransition bytes).
 */
package io.crowsnest.scoring.store;
