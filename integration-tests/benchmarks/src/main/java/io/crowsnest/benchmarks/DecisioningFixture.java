package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.AnswerType;
import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.QuestionSpec;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;

/**
 * What the decisioning benchmark decides over: a governing contact policy with three divisions, a
 * scoring plan and segments, customers with profiles (attributes, products held at a version,
 * events that scoring turns into scores), and a catalogue of 50 actions of every kind whose
 * eligibility reads the profile, the scores, the segments and the context.
 */
final class DecisioningFixture {

    static final List<String> DIVISIONS = List.of("cards", "travel", "software");
    static final int ACTIONS = 50;

    private static final List<ActionKind> KINDS = List.of(ActionKind.ACTION_KIND_OFFER,
            ActionKind.ACTION_KIND_OFFER, ActionKind.ACTION_KIND_OFFER, ActionKind.ACTION_KIND_RETENTION,
            ActionKind.ACTION_KIND_RETENTION, ActionKind.ACTION_KIND_SERVICE_MESSAGE, ActionKind.ACTION_KIND_QUESTION,
            ActionKind.ACTION_KIND_QUESTION, ActionKind.ACTION_KIND_NEXT_STEP, ActionKind.ACTION_KIND_NEXT_STEP);

    /** The stubs of the services a decision involves, and the customers prepared for it. */
    record Seeded(ProfileServiceBlockingStub profile, ScoringServiceBlockingStub scoring,
            ContactGovernanceServiceBlockingStub governance, DecisioningServiceBlockingStub decisioning,
            List<String> persons) {
    }

    /**
     * Opens signed channels to profile, scoring, contact-governance and decisioning of {@code stack}
     * (added to {@code opened}), activates the contact policy, the scoring plan and its segments, and
     * prepares {@code customers} customers and the catalogue of actions.
     */
    static Seeded seed(LocalStack stack, int customers, List<ManagedChannel> opened, PrintStream out)
            throws InterruptedException {
        ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(channel(stack, "profile", opened));
        ScoringServiceBlockingStub scoring = ScoringServiceGrpc.newBlockingStub(channel(stack, "scoring", opened));
        ContactGovernanceServiceBlockingStub governance = ContactGovernanceServiceGrpc
                .newBlockingStub(channel(stack, "contact-governance", opened));
        DecisioningServiceBlockingStub decisioning = DecisioningServiceGrpc
                .newBlockingStub(channel(stack, "decisioning", opened));
        out.printf("activating a contact policy and a scoring plan, preparing %d customers and %d actions...%n",
                customers, ACTIONS);
        activatePolicy(governance);
        ScoringBenchmark.activatePlan(scoring);
        defineSegments(scoring);
        List<String> persons = customers(profile, scoring, customers, out);
        createActions(decisioning, DecisioningBenchmark.CURRENCY);
        return new Seeded(profile, scoring, governance, decisioning, persons);
    }

    private static ManagedChannel channel(LocalStack stack, String service, List<ManagedChannel> opened) {
        ManagedChannel channel = SignedChannels.builder("127.0.0.1", stack.grpcPort(service)).build();
        opened.add(channel);
        return channel;
    }

    /** Eligibility expressions, in turn: profile, scores, segments, context and everyone. */
    private static final List<String> ELIGIBILITY = List.of(
            "profile.products.exists(p, p.product_id == 'accounts' && p.version.startsWith('1.'))",
            "'engagement' in scores && scores['engagement'] > 2.0",
            "profile.attributes.country == 'FR'",
            "'bench-engaged' in segments",
            "context.properties['call_reason'] == 'billing' || context.channel == 'CHANNEL_PHONE'",
            "",
            "'purchase_intent' in scores && scores['purchase_intent'] > 5.0 && profile.attributes.country != 'DE'",
            "profile.products.size() > 1");

    private static final List<String> COUNTRIES = List.of("FR", "DE", "GB", "ES");

    private DecisioningFixture() {
    }

    static void activatePolicy(ContactGovernanceServiceBlockingStub governance) {
        Policy.Builder policy = Policy.newBuilder().setPolicyId("benchmark").setDisplayName("Benchmark")
                .setDefaultTimeZone("UTC")
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("overall").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(40).setWindow(RollingWindow.newBuilder().setLength(1)
                                .setUnit(WindowUnit.WINDOW_UNIT_WEEKS)));
        for (int i = 0; i < DIVISIONS.size(); i++) {
            policy.addDivisions(Division.newBuilder().setDivisionId(DIVISIONS.get(i)).setDisplayName(DIVISIONS.get(i))
                    .setPriority(i + 1));
        }
        long version = governance.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("benchmark")
                .setIdempotencyKey(key()).build()).getPolicyVersion().getVersion();
        governance.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("benchmark")
                .setVersion(version).setActor("benchmark").setIdempotencyKey(key()).build());
    }

    /** Two segments over the scores of the scoring benchmark's plan (activated by the caller). */
    static void defineSegments(ScoringServiceBlockingStub scoring) {
        scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder()
                .setSystem(SegmentationSystem.newBuilder().setSystemId("behaviour").setDisplayName("Behaviour"))
                .setActor("benchmark").setIdempotencyKey(key()).build());
        String[][] segments = {{"bench-engaged", "scores.engagement > 2.0"},
                {"bench-intent", "scores.purchase_intent > 5.0"}};
        for (int i = 0; i < segments.length; i++) {
            scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder()
                    .setSegmentId(segments[i][0]).setSystemId("behaviour").setDisplayName(segments[i][0])
                    .setPriority(i + 1).setExpression(segments[i][1])).setActor("benchmark")
                    .setIdempotencyKey(key()).build());
        }
    }

    /**
     * {@code count} customers, each with a few page views, searches and a purchase recorded through
     * profile (so scoring gives them scores), then attributes and products held; returns their ids
     * once scoring knows the last of them.
     */
    static List<String> customers(ProfileServiceBlockingStub profile, ScoringServiceBlockingStub scoring, int count,
            PrintStream out) throws InterruptedException {
        List<String> persons = new ArrayList<>();
        int perBatch = 100;
        for (int from = 0; from < count; from += perBatch) {
            RecordEventsRequest.Builder batch = RecordEventsRequest.newBuilder();
            for (int i = from; i < Math.min(count, from + perBatch); i++) {
                batch.addEvents(event(i, EventType.EVENT_TYPE_PURCHASE));
                for (int e = 0; e < 1 + i % 4; e++) {
                    batch.addEvents(event(i, e % 2 == 0 ? EventType.EVENT_TYPE_PAGE_VIEW : EventType.EVENT_TYPE_SEARCH));
                }
            }
            String last = "";
            for (RecordEventResult result : profile.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .recordEvents(batch.build()).getResultsList()) {
                if (result.hasError()) {
                    throw new IllegalStateException("event refused: " + result.getError());
                }
                String person = result.getRecorded().getPersonId();
                if (!person.equals(last)) {
                    persons.add(person);
                    last = person;
                }
            }
            progress(out, "customers' events recorded", persons.size(), count);
        }
        for (int i = 0; i < persons.size(); i++) {
            profile.withDeadlineAfter(10, TimeUnit.SECONDS).updateAttributes(attributes(persons.get(i), i));
            progress(out, "customers' attributes and products recorded", i + 1, persons.size());
        }
        out.printf("  %d customers with profiles; waiting for scoring to know them...%n", persons.size());
        String last = persons.get(persons.size() - 1);
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (scoring.getScores(GetScoresRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(last))
                .build()).getScores().getScoresCount() == 0) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("scoring has no scores for " + last + " after 2 minutes");
            }
            Thread.sleep(200);
        }
        return persons;
    }

    /** A line every 1,000 customers (and at the last), so a long seeding shows it is moving. */
    private static void progress(PrintStream out, String what, int done, int count) {
        if (done % 1000 == 0 || done == count) {
            out.printf("  %d of %d %s%n", done, count, what);
        }
    }

    private static RecordEventRequest event(int customer, EventType type) {
        Instant at = Instant.now().minusSeconds(60);
        RecordEventRequest.Builder event = RecordEventRequest.newBuilder().setEventId("bench:" + UUID.randomUUID())
                .addIdentifiers(Identifier.newBuilder().setType("email").setValue("bench-" + customer + "@example.com"))
                .setType(type).setChannel(Channel.CHANNEL_WEB).setSource("benchmark")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()));
        if (type == EventType.EVENT_TYPE_PURCHASE) {
            event.putProperties("order_id", Value.newBuilder().setStringValue("o-" + UUID.randomUUID()).build());
        }
        return event.build();
    }

    private static UpdateAttributesRequest attributes(String personId, int i) {
        UpdateAttributesRequest.Builder update = UpdateAttributesRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(personId))
                .setAttributes(Attributes.newBuilder().setGivenName("Customer " + i)
                        .setCountry(COUNTRIES.get(i % COUNTRIES.size())).setLanguage(i % 3 == 0 ? "fr" : "en"))
                .addAllPaths(List.of("given_name", "country", "language"))
                .addUpsertProducts(ProductHolding.newBuilder().setProductId("accounts").setName("Accounts")
                        .setVersion((1 + i % 3) + "." + (i % 5)))
                .setSource("benchmark").setIdempotencyKey(key());
        if (i % 2 == 0) {
            update.addUpsertProducts(ProductHolding.newBuilder().setProductId("visa-gold").setName("Visa Gold"));
        }
        return update.build();
    }

    /** The catalogue: {@link #ACTIONS} actions, every kind, on the phone, over every division. */
    static void createActions(DecisioningServiceBlockingStub decisioning, String currency) {
        for (int i = 0; i < ACTIONS; i++) {
            decisioning.withDeadlineAfter(10, TimeUnit.SECONDS).createAction(CreateActionRequest.newBuilder()
                    .setActionId("bench-" + i).setSpec(action(i, currency)).setCreatedBy("benchmark")
                    .setIdempotencyKey(key()).build());
        }
    }

    private static ActionSpec action(int i, String currency) {
        ActionKind kind = KINDS.get(i % KINDS.size());
        ActionSpec.Builder spec = ActionSpec.newBuilder().setKind(kind).setName("Benchmark action " + i)
                .setDescription("action " + i + " of the benchmark catalogue")
                .setEligibilityExpression(ELIGIBILITY.get(i % ELIGIBILITY.size()))
                .setPriority(i % 10 == 0 ? 100 : 0)
                .addChannels(Channel.CHANNEL_PHONE).addChannels(Channel.CHANNEL_EMAIL)
                .setDivision(DivisionRef.newBuilder().setId(DIVISIONS.get(i % DIVISIONS.size())))
                .setReasonCode("BENCHMARK_" + i);
        switch (kind) {
            case ACTION_KIND_OFFER, ACTION_KIND_RETENTION ->
                spec.setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING);
            case ACTION_KIND_SERVICE_MESSAGE -> spec.setContactCategory(ContactCategory.CONTACT_CATEGORY_SERVICE);
            case ACTION_KIND_QUESTION -> spec.setQuestion(QuestionSpec.newBuilder().setQuestionId("bench-q-" + i)
                    .setAnswerType(AnswerType.ANSWER_TYPE_YES_NO));
            default -> {
                if (i % 4 == 0) {
                    spec.setContactCategory(ContactCategory.CONTACT_CATEGORY_SERVICE);
                }
            }
        }
        if (i % 3 == 0) {
            spec.setValueExpression("'purchase_intent' in scores && scores['purchase_intent'] > 5.0 ? 120.0 : 40.0");
        } else {
            spec.setValue(Money.newBuilder().setCurrencyCode(currency).setAmountMinor(1_000L * (1 + i % 7)));
        }
        if (i % 5 == 1) {
            spec.setLever(1.5);
        }
        if (i % 2 == 0) {
            spec.setReasonTemplate("{person.given_name} holds {products.size} products; action " + i);
            spec.addTemplates(MessageTemplate.newBuilder().setChannel(Channel.CHANNEL_PHONE)
                    .setBody("Hello {person.given_name}, about {action.name}: ..."));
        }
        return spec.build();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
