package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.AnswerChoice;
import io.crowsnest.decisioning.v1.AnswerType;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetDecisionRequest;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.ListDecisionsRequest;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.QuestionSpec;
import io.crowsnest.decisioning.v1.RankedAction;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.decisioning.v1.RejectedAction;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Decide and RecordOutcome through gRPC against the real profile, scoring, contact-governance and
 * identity: the reasons an agent reads, questions never asked twice, learning, cooldowns and
 * governance caps.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class DecideTest extends ThroughGrpc {

    @jakarta.inject.Inject
    MongoCommands mongo;
    @jakarta.inject.Inject
    MongoDatabase database;

    @Test
    void theAgentSeesTheUpgradeWithAReasonNamingTheVersionTheCustomerHolds() {
        String upgrade = unique("accounts-upgrade-");
        decisioning.createAction(Fixtures.create(upgrade, Fixtures.offer("Upgrade to Accounts 3.0")
                .setEligibilityExpression("profile.products.exists(p, p.product_id == \"accounts\" && "
                        + "p.version.startsWith(\"1.\")) && context.channel == \"CHANNEL_PHONE\"")
                .setProductId("accounts").setReasonCode("OLD_VERSION")
                .setReasonTemplate("Customer is on version {holdings.accounts.version} of Accounts; 3.0 adds payroll")
                .addTemplates(MessageTemplate.newBuilder().setChannel(Channel.CHANNEL_PHONE)
                        .setBody("Offer {person.given_name ?: 'the customer'} the upgrade to Accounts 3.0"))));
        String oldEmail = unique("old") + "@example.com";
        String onOld = Fixtures.customer(profile, oldEmail, "accounts", "1.2");
        String onNew = Fixtures.customer(profile, unique("new") + "@example.com", "accounts", "3.0");

        DecideResponse old = decisioning.decide(Fixtures.decide(onOld, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(upgrade).build());
        assertEquals(1, old.getActionsCount(), old.toString());
        RankedAction shown = old.getActions(0);
        assertEquals(upgrade, shown.getActionId());
        assertEquals("OLD_VERSION", shown.getReason().getCode());
        assertEquals("Customer is on version 1.2 of Accounts; 3.0 adds payroll", shown.getReason().getMessage());
        assertEquals("Offer the customer the upgrade to Accounts 3.0", shown.getContent().getBody());
        assertEquals(List.of("PROPENSITY", "CONTEXT_WEIGHT", "VALUE", "LEVER"),
                shown.getRanking().getFactorsList().stream().map(f -> f.getName()).toList());
        assertTrue(shown.getRanking().getFactors(0).getSource().contains("prior 0.05 worth 20"), shown.toString());
        assertTrue(shown.getGovernance().getAllowed());

        DecideResponse current = decisioning.decide(Fixtures.decide(onNew, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(upgrade).build());
        assertEquals(0, current.getActionsCount());
        RejectedAction rejected = current.getRejected(0);
        assertEquals("NOT_ELIGIBLE", rejected.getReasons(0).getCode());
        assertTrue(rejected.getReasons(0).getMessage().contains("p.version.startsWith(\"1.\")"),
                rejected.toString());
        assertFalse(rejected.getReasons(0).getMessage().contains("CHANNEL_PHONE"), "the clause that held is not "
                + "named as false: " + rejected);

        var logged = decisioning.getDecision(GetDecisionRequest.newBuilder().setDecisionId(old.getDecisionId())
                .build()).getDecision();
        assertEquals(onOld, logged.getPersonId());
        assertEquals(shown.getReason(), logged.getActions(0).getReason());
        var listed = decisioning.listDecisions(ListDecisionsRequest.newBuilder().setPersonId(onOld).build());
        assertEquals(old.getDecisionId(), listed.getDecisions(0).getDecisionId());

        DecideResponse byEmail = decisioning.decide(Fixtures.decide(onOld, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).setPerson(io.crowsnest.common.v1.PersonRef
                        .newBuilder().setIdentifier(io.crowsnest.common.v1.Identifier.newBuilder().setType("email")
                                .setValue(oldEmail))).addCandidateActionIds(upgrade).build());
        assertEquals(onOld, byEmail.getPersonId());
        assertEquals(upgrade, byEmail.getActions(0).getActionId());
    }

    @Test
    void anAnsweredQuestionIsNeverProposedAgain() {
        String question = unique("ask-payroll-");
        String questionId = unique("payroll_provider_");
        decisioning.createAction(Fixtures.create(question, ActionSpec.newBuilder()
                .setKind(ActionKind.ACTION_KIND_QUESTION).setName("Ask who runs their payroll")
                .addChannels(Channel.CHANNEL_PHONE).setDivision(io.crowsnest.common.v1.DivisionRef.newBuilder()
                        .setId("retail"))
                .setQuestion(QuestionSpec.newBuilder().setQuestionId(questionId)
                        .setAnswerType(AnswerType.ANSWER_TYPE_SINGLE_CHOICE)
                        .addChoices(AnswerChoice.newBuilder().setChoiceId("in-house").setLabel("In house"))
                        .addChoices(AnswerChoice.newBuilder().setChoiceId("bureau").setLabel("A bureau")))));
        String person = Fixtures.customer(profile, unique("q") + "@example.com", null, null);

        DecideResponse first = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(question).build());
        assertEquals(question, first.getActions(0).getActionId());
        io.grpc.StatusRuntimeException wrongChoice = org.junit.jupiter.api.Assertions.assertThrows(
                io.grpc.StatusRuntimeException.class, () -> decisioning.recordOutcome(RecordOutcomeRequest.newBuilder()
                        .setDecisionId(first.getDecisionId()).setActionId(question)
                        .setType(OutcomeType.OUTCOME_TYPE_ACCEPTED).setOccurredAt(Timestamps.of(Instant.now()))
                        .setAnswer(Fixtures.string("nobody")).setIdempotencyKey(unique("o-")).build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, wrongChoice.getStatus().getCode());
        var recorded = decisioning.recordOutcome(RecordOutcomeRequest.newBuilder()
                .setDecisionId(first.getDecisionId()).setActionId(question).setType(OutcomeType.OUTCOME_TYPE_ACCEPTED)
                .setOccurredAt(Timestamps.of(Instant.now())).setAgentId("agent-7")
                .setAnswer(Fixtures.string("bureau")).setIdempotencyKey(unique("o-")).build());
        assertFalse(recorded.getAnswerId().isEmpty());
        var answers = ProfileServiceGrpc.newBlockingStub(profile).getProfile(GetProfileRequest.newBuilder()
                .setPerson(io.crowsnest.common.v1.PersonRef.newBuilder().setPersonId(person)).build())
                .getProfile().getAnswersList();
        assertTrue(answers.stream().anyMatch(a -> a.getQuestionId().equals(questionId)
                && a.getAnswer().getStringValue().equals("bureau")), answers.toString());

        for (Channel channel : List.of(Channel.CHANNEL_PHONE, Channel.CHANNEL_PHONE)) {
            DecideResponse again = decisioning.decide(Fixtures.decide(person, channel,
                    InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(question).build());
            assertEquals(0, again.getActionsCount(), again.toString());
            assertEquals("QUESTION_ALREADY_ANSWERED", again.getRejected(0).getReasons(0).getCode());
        }
    }

    @Test
    void learningMovesPropensityAfterOutcomes() {
        String action = unique("learned-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Travel insurance")));
        List<String> people = List.of(Fixtures.customer(profile, unique("l1") + "@example.com", null, null),
                Fixtures.customer(profile, unique("l2") + "@example.com", null, null),
                Fixtures.customer(profile, unique("l3") + "@example.com", null, null));
        double before = decideOne(people.get(0), action).getPropensity();
        assertEquals(0.05, before, 1e-9);
        for (String person : people) {
            DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                    InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
            for (OutcomeType type : List.of(OutcomeType.OUTCOME_TYPE_PRESENTED, OutcomeType.OUTCOME_TYPE_ACCEPTED)) {
                RecordOutcomeRequest outcome = RecordOutcomeRequest.newBuilder().setDecisionId(d.getDecisionId())
                        .setActionId(action).setType(type).setOccurredAt(Timestamps.of(Instant.now()))
                        .setIdempotencyKey(unique("o-")).build();
                decisioning.recordOutcome(outcome);
                // the same outcome again, under another key: recorded once, learned once
                assertTrue(decisioning.recordOutcome(outcome.toBuilder().setIdempotencyKey(unique("o-")).build())
                        .getAlreadyRecorded());
            }
        }
        RankedAction after = decideOne(people.get(0), action);
        assertEquals((1 + 3) / (20.0 + 3), after.getPropensity(), 1e-9, after.toString());
        assertTrue(after.getRanking().getFactors(0).getSource().startsWith("learned from 3 presentations on phone"),
                after.getRanking().getFactors(0).getSource());
        assertEquals("3", after.getRanking().getFactors(0).getFiguresOrThrow("accepted"));
    }

    @Test
    void aDecisionReadsOneRevisionOfTheCatalogueInOneRoundTrip() {
        String action = unique("one-read-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Travel card")));
        String person = Fixtures.customer(profile, unique("rt") + "@example.com", null, null);
        decideOne(person, action); // the catalogue is loaded at its new revision here
        List<MongoCommands.Command> all = mongo.all(() -> decideOne(person, action));
        List<String> roundTrips = all.stream().filter(c -> MongoCommands.servesCalls(c.thread()))
                .map(c -> c.name() + " " + c.collection()).toList();
        assertEquals(1, roundTrips.stream().filter(c -> c.endsWith(" catalogue")).count(), all.toString());
        // the catalogue's revision, the person's declines, the learned counts (tests read them on every
        // decision: learning.refresh is 0 here), the decision logged with its idempotency key
        assertEquals(List.of("find catalogue", "find person_declines", "aggregate responses", "insert decisions"),
                roundTrips);
    }

    /**
     * The decision log is Decide's idempotency record: a retry, and duplicates running at the same
     * time, are answered with the decision logged first, and one decision is logged; the key with
     * another request is refused.
     */
    @Test
    void aRetriedDecideIsAnsweredWithTheDecisionLoggedFirst() throws Exception {
        String action = unique("retried-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Travel card")));
        String person = Fixtures.customer(profile, unique("retry") + "@example.com", null, null);
        var request = Fixtures.decide(person, Channel.CHANNEL_PHONE, InteractionDirection.INTERACTION_DIRECTION_INBOUND)
                .addCandidateActionIds(action).build();
        DecideResponse first = decisioning.decide(request);
        assertEquals(1, first.getActionsCount());
        assertEquals(first, decisioning.decide(request));

        var duplicate = request.toBuilder().setIdempotencyKey(unique("d-")).build();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<DecideResponse>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return decisioning.decide(duplicate);
                }));
            }
            start.countDown();
            DecideResponse answer = answers.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (var a : answers) {
                assertEquals(answer, a.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, decisioning.listDecisions(ListDecisionsRequest.newBuilder().setPersonId(person).build())
                .getDecisionsCount(), "one decision per key");

        var reused = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
                () -> decisioning.decide(request.toBuilder().setMaxActions(1).build()));
        assertEquals(io.grpc.Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertTrue(reused.getMessage().contains("IDEMPOTENCY_KEY_REUSED") || reused.getStatus().getDescription()
                .contains("already used"), reused.toString());
    }

    @Test
    void aDeclinedActionWaitsOutItsCooldown() {
        String action = unique("declined-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Premium card")));
        String person = Fixtures.customer(profile, unique("dc") + "@example.com", null, null);
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        decisioning.recordOutcome(RecordOutcomeRequest.newBuilder().setDecisionId(d.getDecisionId())
                .setActionId(action).setType(OutcomeType.OUTCOME_TYPE_DECLINED)
                .setOccurredAt(Timestamps.of(Instant.now())).setIdempotencyKey(unique("o-")).build());
        DecideResponse later = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        assertEquals(0, later.getActionsCount());
        assertEquals("DECLINE_COOLDOWN", later.getRejected(0).getReasons(0).getCode());
        assertTrue(later.getRejected(0).getReasons(0).getMessage().contains("30 days"));
    }

    @Test
    void aCappedActionIsNeverOfferedOutboundButShownMarkedWhenTheCustomerCalls() {
        String action = unique("capped-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Savings booster")));
        String person = Fixtures.customer(profile, unique("cap") + "@example.com", null, null);
        Fixtures.contacted(governance, person);

        DecideResponse outbound = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_EMAIL,
                InteractionDirection.INTERACTION_DIRECTION_OUTBOUND).addCandidateActionIds(action).build());
        assertEquals(0, outbound.getActionsCount(), outbound.toString());
        RejectedAction blocked = outbound.getRejected(0);
        assertEquals("GOVERNANCE_BLOCKED", blocked.getReasons(0).getCode());
        assertTrue(blocked.getReasons(0).getMessage().contains("next allowed"), blocked.toString());
        assertFalse(blocked.getGovernance().getAllowed());
        assertTrue(blocked.getGovernance().hasNextAllowedAt());

        DecideResponse inbound = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        assertEquals(1, inbound.getActionsCount(), inbound.toString());
        assertTrue(inbound.getActions(0).getGovernanceCapped());
        assertFalse(inbound.getActions(0).getGovernance().getAllowed());
        assertFalse(inbound.getActions(0).getGovernance().getBlockingReasonsList().isEmpty());
    }

    /**
     * Candidates of one division and category share governance's verdict: the log keeps each verdict
     * once per decision, every candidate reads its own back, and a decision logged before, with the
     * verdict inline in every candidate, reads the same.
     */
    @Test
    void theLogKeepsEachVerdictOnceAndEveryCandidateReadsItsOwnBackAsDecisionsLoggedInlineDo() {
        String cardA = unique("card-a-");
        String cardB = unique("card-b-");
        String service = unique("service-note-");
        decisioning.createAction(Fixtures.create(cardA, Fixtures.offer("Card A")));
        decisioning.createAction(Fixtures.create(cardB, Fixtures.offer("Card B")));
        decisioning.createAction(Fixtures.create(service, Fixtures.offer("Service note")
                .setContactCategory(io.crowsnest.common.v1.ContactCategory.CONTACT_CATEGORY_SERVICE)));
        String person = Fixtures.customer(profile, unique("log") + "@example.com", null, null);
        Fixtures.contacted(governance, person); // so that marketing's verdict differs from service's
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).setMaxActions(1).addCandidateActionIds(cardA)
                .addCandidateActionIds(cardB).addCandidateActionIds(service).build());
        assertEquals(1, d.getActionsCount(), d.toString());
        assertEquals(2, d.getRejectedCount(), d.toString());
        java.util.Map<String, io.crowsnest.decisioning.v1.GovernanceSummary> decided = verdicts(d);
        assertEquals(3, decided.size(), d.toString());

        Document stored = database.getCollection("decisions").find(Filters.eq("_id", d.getDecisionId())).first();
        List<Document> kept = stored.getList("verdicts", Document.class);
        assertEquals(2, new java.util.HashSet<>(decided.values()).size(), d.toString());
        assertEquals(2, kept.size(), "one verdict for the two marketing offers, one for the service note: " + stored);
        var logged = decisioning.getDecision(GetDecisionRequest.newBuilder().setDecisionId(d.getDecisionId())
                .build()).getDecision();
        assertEquals(decided, verdicts(logged.getActionsList(), logged.getRejectedList()));

        // the same decision as it was logged before: each candidate with its verdict inline
        Document inline = Document.parse(stored.toJson());
        String inlineId = d.getDecisionId().substring(0, 12) + "0123456789";
        inline.put("_id", inlineId);
        inline.remove("idempotency_key");
        inline.remove("verdicts");
        for (String list : List.of("actions", "rejected")) {
            for (Document candidate : inline.getList(list, Document.class)) {
                candidate.put("governance", Document.parse(kept.get(candidate.getInteger("verdict")).toJson()));
                candidate.remove("verdict");
            }
        }
        database.getCollection("decisions").insertOne(inline);
        var before = decisioning.getDecision(GetDecisionRequest.newBuilder().setDecisionId(inlineId).build())
                .getDecision();
        assertEquals(decided, verdicts(before.getActionsList(), before.getRejectedList()));
        assertEquals(logged.toBuilder().setDecisionId(inlineId).build(), before);
    }

    private static java.util.Map<String, io.crowsnest.decisioning.v1.GovernanceSummary> verdicts(DecideResponse d) {
        return verdicts(d.getActionsList(), d.getRejectedList());
    }

    private static java.util.Map<String, io.crowsnest.decisioning.v1.GovernanceSummary> verdicts(
            List<RankedAction> actions, List<RejectedAction> rejected) {
        java.util.Map<String, io.crowsnest.decisioning.v1.GovernanceSummary> out = new java.util.TreeMap<>();
        actions.forEach(a -> out.put(a.getActionId(), a.getGovernance()));
        rejected.forEach(r -> out.put(r.getActionId(), r.getGovernance()));
        return out;
    }

    private RankedAction decideOne(String person, String action) {
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        assertEquals(1, d.getActionsCount(), d.toString());
        return d.getActions(0);
    }
}
