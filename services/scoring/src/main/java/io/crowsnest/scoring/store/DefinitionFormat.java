package io.crowsnest.scoring.store;

import org.bson.Document;

import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SystemDefinition;

/**
 * How segmentation systems and segments are written in their documents' {@code content}: the
 * contract's Segment and SegmentationSystem messages as proto3 JSON (field names as in the
 * contract), as stored since the first release. The store keeps that part as it is given; the one
 * implementation lives with the other contract mapping in mapping/, so no protobuf type enters store/
 * or service/. {@link SegmentStore#markLive} relies on two of its names (evaluation_state,
 * evaluated_at).
 */
public interface DefinitionFormat {

    Document system(SystemDefinition system);

    SystemDefinition system(Document content);

    Document segment(SegmentDefinition segment);

    SegmentDefinition segment(Document content);
}
