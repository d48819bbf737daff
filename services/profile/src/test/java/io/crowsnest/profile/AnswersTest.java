package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.assertError;
import static io.crowsnest.profile.Profiles.assertInvalid;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Answer;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordAnswerResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** RecordAnswer through real gRPC: every answer kept, newest first, so that nobody asks twice. */
@QuarkusTest
class AnswersTest extends ThroughGrpc {

    static final Instant T = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

    Identifier cookie;
    String personId;

    @BeforeEach
    void setUp() {
        cookie = cookie();
        personId = profiles.stub.recordEvent(pageView(cookie).build()).getPersonId();
    }

    @Test
    void everyAnswerIsKeptNewestFirstWithTheAgentWhoTookIt() {
        RecordAnswerResponse first = profiles.stub.recordAnswer(request(b -> b.setAnswer(string("weekly"))));
        assertEquals(personId, first.getPersonId());
        assertEquals("agent.7", first.getAnswer().getAgentId());
        RecordAnswerResponse second = profiles.stub.recordAnswer(request(b -> b.setPerson(person(cookie))
                .setAnswer(string("monthly")).setAnsweredAt(Timestamps.of(T.plusSeconds(60)))));
        Value choices = Value.newBuilder().setListValue(ListValue.newBuilder().addValues(string("email"))
                .addValues(string("sms"))).build();
        profiles.stub.recordAnswer(request(b -> b.setQuestionId("preferred-channels").setAnswer(choices)
                .setAnsweredAt(Timestamps.of(T.minusSeconds(60)))));

        List<Answer> answers = profiles.profile(personId).getAnswersList();
        assertEquals(List.of("monthly", "weekly"), answers.subList(0, 2).stream()
                .map(a -> a.getAnswer().getStringValue()).toList(), "newest first, the earlier one kept");
        assertEquals(second.getAnswer(), answers.get(0));
        assertEquals(choices, answers.get(2).getAnswer());
        assertEquals(Channel.CHANNEL_PHONE, answers.get(2).getChannel());
    }

    @Test
    void aRetryReplaysTheAnswerAndAReusedKeyIsRefused() {
        RecordAnswerRequest request = request(b -> b.setAnswer(Value.newBuilder().setBoolValue(true)));
        RecordAnswerResponse first = profiles.stub.recordAnswer(request);
        assertEquals(first, profiles.stub.recordAnswer(request));
        assertEquals(1, profiles.profile(personId).getAnswersCount());
        assertError(Status.Code.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED", () -> profiles.stub.recordAnswer(
                request.toBuilder().setAnswer(Value.newBuilder().setBoolValue(false)).build()));
    }

    @Test
    void badAnswersAreRefusedAndNothingIsKept() {
        refused(b -> b.setAnswer(Value.newBuilder().setNullValue(NullValue.NULL_VALUE)), "answer");
        refused(b -> b.clearAnswer(), "answer");
        refused(b -> b.setAnswer(Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("a", string("b")))), "answer");
        refused(b -> b.setAnswer(Value.newBuilder().setListValue(ListValue.newBuilder().addValues(Profiles.number(1)))),
                "answer[0]");
        refused(b -> b.setAnswer(string("x".repeat(2001))), "answer");
        refused(b -> b.setQuestionId("what is it?"), "question_id");
        refused(b -> b.setAnsweredAt(Timestamps.of(Instant.now().plusSeconds(3600))), "answered_at");
        refused(b -> b.setChannel(Channel.CHANNEL_UNSPECIFIED), "channel");
        refused(b -> b.setAgentId("agent 7"), "agent_id");
        refused(b -> b.clearPerson(), "person");
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.recordAnswer(request(b -> b
                .setPerson(person(unique("nobody-"))).setAnswer(string("yes")))));
        assertEquals(0, profiles.profile(personId).getAnswersCount());
    }

    private void refused(UnaryOperator<RecordAnswerRequest.Builder> edit, String field) {
        assertInvalid(() -> profiles.stub.recordAnswer(request(b -> edit.apply(b.setAnswer(string("yes"))))), "",
                field);
    }

    private RecordAnswerRequest request(UnaryOperator<RecordAnswerRequest.Builder> edit) {
        return edit.apply(RecordAnswerRequest.newBuilder().setPerson(person(personId)).setQuestionId("contact-frequency")
                .setAnsweredAt(Timestamps.of(T)).setChannel(Channel.CHANNEL_PHONE).setSource("gateway")
                .setAgentId("agent.7").setIdempotencyKey(unique("answer-"))).build();
    }
}
