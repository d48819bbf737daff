package io.crowsnest.scoring.store;

import org.bson.Document;

import io.crowsnest.scoring.domain.PlanDraft;

/**
 * How a plan version's content is written in its document's {@code content}: the contract's
 * ScoringPlan message as proto3 JSON (field names as in the contract), as stored since the first
 * release. The store keeps that part as it is given; the one implementation lives with the other
 * contract mapping in mapping/, so no protobuf type enters store/ or service/.
 */
public interface PlanFormat {

    Document plan(PlanDraft plan);

    /** A stored plan read back, every field as written. */
    PlanDraft plan(Document content);
}
