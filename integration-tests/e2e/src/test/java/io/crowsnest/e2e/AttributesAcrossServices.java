package io.crowsnest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.ManagedChannel;

/**
 * Profile attributes in scoring's segments: an agent's attribute update recorded by profile reaches
 * scoring through profile's outbox, and the person enters a segment whose expression reads it.
 *
 * <p>Run by {@link SuiteEndToEndTest} against the stack it started.
 */
final class AttributesAcrossServices {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private AttributesAcrossServices() {
    }

    static void run(LocalStack stack) throws InterruptedException {
        ManagedChannel profileChannel = SignedChannels.to(stack.grpcPort("profile"));
        ManagedChannel scoringChannel = SignedChannels.to(stack.grpcPort("scoring"));
        try {
            ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
            ScoringServiceBlockingStub scoring = ScoringServiceGrpc.newBlockingStub(scoringChannel);
            String tag = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String system = "e2e-attributes-" + tag;
            String segment = "e2e-tagged-" + tag;
            scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder()
                    .setSystem(SegmentationSystem.newBuilder().setSystemId(system).setDisplayName("E2E attributes"))
                    .setActor("e2e").setIdempotencyKey(UUID.randomUUID().toString()).build());
            scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder()
                    .setSegmentId(segment).setSystemId(system).setDisplayName("Tagged " + tag)
                    .setExpression("has(attributes.country) && attributes.country == 'FR' "
                            + "&& attributes['custom.e2e_tag'] == '" + tag + "'"))
                    .setActor("e2e").setIdempotencyKey(UUID.randomUUID().toString()).build());

            String personId = profile.recordEvent(RecordEventRequest.newBuilder().setEventId("e2e:" + tag)
                    .addIdentifiers(Identifier.newBuilder().setType("cookie").setValue("e2e-ck-" + tag))
                    .setType(EventType.EVENT_TYPE_PAGE_VIEW).setChannel(Channel.CHANNEL_WEB)
                    .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                    .setSource("web-analytics").build()).getPersonId();
            profile.updateAttributes(UpdateAttributesRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(personId))
                    .setAttributes(Attributes.newBuilder().setCountry("FR")
                            .putCustom("e2e_tag", Value.newBuilder().setStringValue(tag).build()))
                    .addPaths("country").addPaths("custom.e2e_tag").setSource("crm").setAgentId("agent.7")
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());

            SegmentMembership membership = Await.until(PATIENCE, () -> membership(scoring, personId, system, segment),
                    m -> m != null, "person " + personId + " enters " + segment + " once its attributes reach scoring");
            assertEquals("FR", membership.getExplanation().getInputsOrThrow("attributes.country").getStringValue());
            assertEquals(tag, membership.getExplanation().getInputsOrThrow("attributes.custom.e2e_tag")
                    .getStringValue());
        } finally {
            profileChannel.shutdownNow();
            scoringChannel.shutdownNow();
        }
    }

    private static SegmentMembership membership(ScoringServiceBlockingStub scoring, String personId, String system,
            String segment) {
        try {
            PersonScores scores = scoring.getScores(GetScoresRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(personId)).build()).getScores();
            return scores.getMembershipsList().stream().filter(m -> m.getSystemId().equals(system))
                    .flatMap(m -> m.getSegmentsList().stream()).filter(s -> s.getSegmentId().equals(segment))
                    .findFirst().orElse(null);
        } catch (io.grpc.StatusRuntimeException e) {
            return null;
        }
    }
}
