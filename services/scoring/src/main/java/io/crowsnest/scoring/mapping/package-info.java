/**
 * The contract's messages (crowsnest.scoring.v1, crowsnest.common.v1) to scoring's domain records
 * and back: PlanDrafts (a plan as written, for the domain's PlanRules), PlanVersions,
 * DefinitionMapping, SegmentRecords, FeatureMapping, ValueMapping, Explanations, EventMapping,
 * DomainJson; and the encodings store/ and service/ ask for, implemented on the contract's
 * messages: StoredDocuments (plans and definitions), StoredSegmentRecords, RetainedEventJson,
 * SegmentVariableMessages (a segment's CEL variables), ForgetAnswers. Used by api/, never the
 * other way round; no request checks here (a message is mapped as given).
 */
package io.crowsnest.scoring.mapping;
