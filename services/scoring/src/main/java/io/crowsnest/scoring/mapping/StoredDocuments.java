package io.crowsnest.scoring.mapping;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.google.protobuf.Message;

import io.crowsnest.platform.mongo.ProtoDocuments;
import io.crowsnest.scoring.domain.PlanDraft;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SystemDefinition;
import io.crowsnest.scoring.store.DefinitionFormat;
import io.crowsnest.scoring.store.PlanFormat;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentationSystem;

/**
 * The content of stored plan versions, segments and systems as their contract messages'
 * proto3 JSON (see {@link PlanFormat} and {@link DefinitionFormat}).
 */
@ApplicationScoped
public class StoredDocuments implements PlanFormat, DefinitionFormat {

    @Override
    public Document plan(PlanDraft plan) {
        return ProtoDocuments.toDocument(PlanDrafts.plan(plan));
    }

    @Override
    public PlanDraft plan(Document content) {
        return PlanDrafts.of(StoredDocuments.<ScoringPlan>read(content, ScoringPlan.newBuilder()));
    }

    @Override
    public Document system(SystemDefinition system) {
        return ProtoDocuments.toDocument(DefinitionMapping.system(system));
    }

    @Override
    public SystemDefinition system(Document content) {
        return DefinitionMapping.system(StoredDocuments.<SegmentationSystem>read(content,
                SegmentationSystem.newBuilder()));
    }

    @Override
    public Document segment(SegmentDefinition segment) {
        return ProtoDocuments.toDocument(DefinitionMapping.segment(segment));
    }

    @Override
    public SegmentDefinition segment(Document content) {
        return DefinitionMapping.segment(StoredDocuments.<Segment>read(content, Segment.newBuilder()));
    }

    private static <T extends Message> T read(Document content, Message.Builder builder) {
        return ProtoDocuments.fromDocument(content, builder);
    }
}
