package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.assertError;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.event;
import static io.crowsnest.profile.Profiles.id;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.UnmergePersonsRequest;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.service.MergeService;
import io.crowsnest.profile.v1.AttributeChange;
import io.crowsnest.profile.v1.AttributeChangeCause;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetAttributeHistoryRequest;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Merges, unmerges and erasures made in the real identity service reach profile through its change
 * stream: a merge shows the merged person's events, answers and attributes in the survivor's profile
 * (newest value per attribute, what lost in history), an unmerge splits them back by lineage, and an
 * erasure removes everything.
 */
@QuarkusTest
class MergeTest extends ThroughGrpc {

    static final Duration STREAM = Duration.ofSeconds(20);
    static final Instant T = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    MergeService lineage;

    Identifier visitorCookie;
    Identifier customerCrm;
    String visitor;
    String customer;
    List<String> visitorEvents;
    String customerEvent;

    @BeforeEach
    void anAnonymousVisitorAndAKnownCustomer() {
        visitorCookie = cookie();
        customerCrm = id("crm", unique("CRM-"));
        var v1 = pageView(visitorCookie).build();
        var v2 = pageView(visitorCookie).build();
        visitor = profiles.stub.recordEvent(v1).getPersonId();
        profiles.stub.recordEvent(v2);
        visitorEvents = List.of(v1.getEventId(), v2.getEventId());
        var purchase = event(EventType.EVENT_TYPE_PURCHASE, Channel.CHANNEL_STORE, Instant.now(), customerCrm)
                .setAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1000)).build();
        customer = profiles.stub.recordEvent(purchase).getPersonId();
        customerEvent = purchase.getEventId();

        update(visitor, 10, Attributes.newBuilder().setGivenName("Janet").setCity("Lyon").setLanguage("en").build(),
                "given_name", "city", "language");
        update(customer, 5, Attributes.newBuilder().setGivenName("Jane").setCountry("FR").build(), "given_name",
                "country");
        update(customer, 20, Attributes.newBuilder().setLanguage("fr").build(), "language");
        profiles.stub.recordAnswer(RecordAnswerRequest.newBuilder().setPerson(person(visitor))
                .setQuestionId("contact-frequency").setAnswer(string("weekly")).setAnsweredAt(Timestamps.of(T))
                .setChannel(Channel.CHANNEL_WEB).setSource("web-survey").setIdempotencyKey(unique("k-")).build());
    }

    @Test
    void aMergeShowsBothPersonsInTheSurvivorAndAnUnmergeSplitsThemBack() {
        LinkPersonsResponse link = profiles.identity.linkPersons(LinkPersonsRequest.newBuilder().setPersonId(visitor)
                .setOtherPersonId(customer).setReason(Reason.newBuilder().setCode("LOGIN"))
                .setRequestingSystem("web-login").setRequestId(unique("login-")).setIdempotencyKey(unique("k-"))
                .build());
        assertEquals(customer, link.getSurvivorPersonId(), "the known customer survives the anonymous visitor");
        Await.until(STREAM, () -> profiles.profile(customer).getMergedPersonIdsList().contains(visitor),
                () -> "the merge reached profile");

        Profile merged = profiles.profile(visitor);
        assertEquals(customer, merged.getPersonId(), "the merged-away id answers with the survivor");
        assertEquals("Janet", merged.getAttributes().getGivenName(), "the visitor's name was observed later");
        assertEquals("Lyon", merged.getAttributes().getCity());
        assertEquals("FR", merged.getAttributes().getCountry());
        assertEquals("fr", merged.getAttributes().getLanguage(), "the customer's language was observed later");
        assertEquals(1, merged.getAnswersCount());
        assertEquals(List.of(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1000).build()),
                merged.getLifetimeValueList());
        assertEquals(3, eventsOf(visitor).size());
        Map<String, AttributeChange> history = mergeHistory(customer, AttributeChangeCause.ATTRIBUTE_CHANGE_CAUSE_MERGE);
        assertTrue(history.get("given_name").getApplied());
        assertEquals("Jane", history.get("given_name").getOldValue().getStringValue());
        assertFalse(history.get("language").getApplied(), "the visitor's older language lost, kept in history");
        assertEquals("en", history.get("language").getNewValue().getStringValue());
        assertEquals(link.getMerge().getMergeId(), history.get("city").getMergeId());
        Await.until(STREAM, () -> scoring.attributes(customer) != null
                && "Lyon".equals(scoring.attributes(customer).getAttributesOrDefault("city", string(""))
                        .getStringValue())
                && "Janet".equals(scoring.attributes(customer).getAttributesOrThrow("given_name").getStringValue()),
                () -> "scoring received the survivor's merged attributes: " + scoring.attributes(customer));

        // recorded for the survivor after the merge, through the visitor's cookie: it stays with the survivor
        var after = pageView(visitorCookie).build();
        assertEquals(customer, profiles.stub.recordEvent(after).getPersonId());
        profiles.identity.unmergePersons(UnmergePersonsRequest.newBuilder().setMergeId(link.getMerge().getMergeId())
                .setReason(Reason.newBuilder().setCode("WRONG_LOGIN")).setRequestingSystem("gateway")
                .setIdempotencyKey(unique("k-")).build());
        Await.until(STREAM, () -> profiles.profile(visitor).getPersonId().equals(visitor),
                () -> "the unmerge reached profile");

        Profile restored = profiles.profile(visitor);
        assertEquals("Janet", restored.getAttributes().getGivenName());
        assertEquals(1, restored.getAnswersCount());
        assertEquals(0, restored.getLifetimeValueCount());
        assertEquals(visitorEvents.stream().sorted().toList(), eventsOf(visitor).stream().sorted().toList());
        Profile survivor = profiles.profile(customer);
        assertEquals("Jane", survivor.getAttributes().getGivenName());
        assertEquals("", survivor.getAttributes().getCity());
        assertEquals(0, survivor.getAnswersCount());
        assertEquals(List.of(), survivor.getMergedPersonIdsList());
        assertEquals(List.of(after.getEventId(), customerEvent).stream().sorted().toList(),
                eventsOf(customer).stream().sorted().toList());
        Map<String, AttributeChange> split = mergeHistory(customer, AttributeChangeCause.ATTRIBUTE_CHANGE_CAUSE_UNMERGE);
        assertEquals("Janet", split.get("given_name").getOldValue().getStringValue());
        assertEquals("Jane", split.get("given_name").getNewValue().getStringValue());
        assertEquals(Value.KindCase.NULL_VALUE, split.get("city").getNewValue().getKindCase());
        assertFalse(split.containsKey("language"), "unchanged by the split");
        Await.until(STREAM, () -> !scoring.attributes(customer).containsAttributes("city")
                && "Jane".equals(scoring.attributes(customer).getAttributesOrThrow("given_name").getStringValue())
                && scoring.attributes(visitor) != null
                && "Lyon".equals(scoring.attributes(visitor).getAttributesOrDefault("city", string(""))
                        .getStringValue()),
                () -> "scoring received both persons' attributes after the unmerge: " + scoring.attributes(customer)
                        + " / " + scoring.attributes(visitor));
    }

    @Test
    void applyingAChangeAgainOrLateChangesNothingMore() {
        String mergeId = unique("merge-");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lineage.merged(mergeId, customer, visitor, at);
        Profile once = profiles.profile(customer);
        long history = stored.historyOf(customer);
        lineage.merged(mergeId, customer, visitor, at);
        assertEquals(once.toBuilder().clearUpdatedAt().build(), profiles.profile(customer).toBuilder().clearUpdatedAt()
                .build());
        assertEquals(history, stored.historyOf(customer));

        lineage.unmerged(mergeId, customer, visitor, at);
        long split = stored.historyOf(customer);
        lineage.unmerged(mergeId, customer, visitor, at);
        lineage.merged(mergeId, customer, visitor, at);
        assertEquals(visitor, profiles.profile(visitor).getPersonId(), "a late MERGED of a reversed merge is ignored");
        assertEquals(List.of(), profiles.profile(customer).getMergedPersonIdsList());
        assertEquals(split, stored.historyOf(customer));
    }

    @Test
    void anErasureInIdentityErasesTheSurvivorAndEveryMergedPerson() {
        profiles.identity.linkPersons(LinkPersonsRequest.newBuilder().setPersonId(visitor).setOtherPersonId(customer)
                .setReason(Reason.newBuilder().setCode("LOGIN")).setRequestingSystem("web-login")
                .setRequestId(unique("login-")).setIdempotencyKey(unique("k-")).build());
        Await.until(STREAM, () -> profiles.profile(customer).getMergedPersonIdsList().contains(visitor),
                () -> "the merge reached profile");
        profiles.identity.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(customer)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("k-")).build());
        Await.until(STREAM, () -> stored.person(customer) != null && stored.person(customer).get("forgottenAt") != null,
                () -> "the erasure reached profile");
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.profile(customer));
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.profile(visitor));
        assertTrue(visitorEvents.stream().noneMatch(stored::hasEvent));
        assertFalse(stored.hasEvent(customerEvent));
        assertEquals(0, stored.historyOf(customer) + stored.historyOf(visitor));
    }

    private void update(String personId, int minutes, Attributes attributes, String... paths) {
        profiles.stub.updateAttributes(UpdateAttributesRequest.newBuilder().setPerson(person(personId))
                .setAttributes(attributes).addAllPaths(List.of(paths))
                .setObservedAt(Timestamps.of(T.plusSeconds(60L * minutes))).setSource("crm-import")
                .setIdempotencyKey(unique("k-")).build());
    }

    private List<String> eventsOf(String personId) {
        return profiles.stub.listEvents(ListEventsRequest.newBuilder().setPerson(person(personId)).build())
                .getEventsList().stream().map(Event::getEventId).toList();
    }

    private Map<String, AttributeChange> mergeHistory(String personId, AttributeChangeCause cause) {
        return profiles.stub.getAttributeHistory(GetAttributeHistoryRequest.newBuilder().setPerson(person(personId))
                .build()).getChangesList().stream().filter(c -> c.getCause() == cause)
                .collect(Collectors.toMap(AttributeChange::getPath, Function.identity()));
    }
}
