package io.crowsnest.decisioning.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.decisioning.domain.ContactIntent;
import io.crowsnest.decisioning.domain.GovernanceView;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Answer;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SystemMemberships;

/** The neighbours' messages as decisioning's records, and back for the requests it sends. */
final class PeerMapping {

    private PeerMapping() {
    }

    static io.crowsnest.common.v1.PersonRef person(PersonRef p) {
        if (p.hasIdentifier()) {
            return io.crowsnest.common.v1.PersonRef.newBuilder().setIdentifier(Identifier.newBuilder()
                    .setType(p.identifier().type()).setValue(p.identifier().value())
                    .setNamespace(p.identifier().namespace())).build();
        }
        return p.personId().isEmpty() ? io.crowsnest.common.v1.PersonRef.getDefaultInstance()
                : io.crowsnest.common.v1.PersonRef.newBuilder().setPersonId(p.personId()).build();
    }

    static io.crowsnest.common.v1.Reason reason(String code, String message) {
        return io.crowsnest.common.v1.Reason.newBuilder().setCode(code).setMessage(message).build();
    }

    static ContactRequest contact(ContactIntent c) {
        ContactRequest.Builder b = ContactRequest.newBuilder().setPerson(person(c.person()))
                .setChannel(Channel.valueOf("CHANNEL_" + c.channel()))
                .setDivision(DivisionRef.newBuilder().setId(c.division()))
                .setCategory(ContactCategory.valueOf("CONTACT_CATEGORY_" + c.category()))
                .setRequestingSystem(GovernanceClient.SYSTEM);
        if (!c.timeZone().isEmpty()) {
            b.setTimeZone(c.timeZone());
        }
        if (!c.agentId().isEmpty()) {
            b.setAgentId(c.agentId());
        }
        if (!c.actionId().isEmpty()) {
            b.setActionId(c.actionId());
        }
        if (!c.campaignId().isEmpty()) {
            b.setCampaignId(c.campaignId());
        }
        if (c.expectedValue() != null) {
            b.setExpectedValue(Money.newBuilder().setCurrencyCode(c.expectedValue().currency())
                    .setAmountMinor(c.expectedValue().amountMinor()));
        }
        return b.build();
    }

    static GovernanceVerdict verdict(Verdict v) {
        List<Reason> blocking = v.getViolationsList().stream().map(RuleViolation::getReason)
                .map(r -> new Reason(r.getCode(), r.getMessage(), r.getFiguresMap())).toList();
        List<Reason> notes = new ArrayList<>();
        if (v.getFatigue().getCapsTightened()) {
            notes.add(Reason.of("FATIGUE_HIGH", "the customer's contact fatigue tightened the caps by "
                    + v.getFatigue().getCapReductionPercent() + " %"));
        }
        return new GovernanceVerdict(v.getPersonId(), new GovernanceView(v.getAllowed(), blocking, notes,
                v.hasNextAllowedAt() ? Timestamps.instant(v.getNextAllowedAt()) : null, v.getBlockedIndefinitely(),
                v.getPolicy().getPolicyId() + "@" + v.getPolicy().getVersion(),
                v.hasEvaluatedAt() ? Timestamps.instant(v.getEvaluatedAt()) : null));
    }

    static PersonProfile profile(Profile p) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Answer a : p.getAnswersList()) {
            answers.put(a.getQuestionId(), DecisioningJson.VALUES.plain(a.getAnswer()));
        }
        List<PersonProfile.Holding> products = new ArrayList<>();
        for (ProductHolding h : p.getProductsList()) {
            if (!h.hasEndedAt()) {
                products.add(new PersonProfile.Holding(h.getProductId(), h.getName(), h.getVersion(),
                        h.getDivision().getId()));
            }
        }
        Attributes a = p.getAttributes();
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfSet(attributes, "given_name", a.getGivenName());
        putIfSet(attributes, "family_name", a.getFamilyName());
        putIfSet(attributes, "language", a.getLanguage());
        putIfSet(attributes, "time_zone", a.getTimeZone());
        putIfSet(attributes, "country", a.getCountry());
        putIfSet(attributes, "city", a.getCity());
        putIfSet(attributes, "postal_code", a.getPostalCode());
        return new PersonProfile(p.getPersonId(), attributes,
                DecisioningJson.VALUES.plain(a.getCustomMap()), answers, products, p.toByteArray());
    }

    static PersonScores scores(io.crowsnest.scoring.v1.PersonScores s) {
        Map<String, Double> scores = new LinkedHashMap<>();
        s.getScoresList().forEach(v -> scores.put(v.getName(), v.getValue()));
        List<String> segments = new ArrayList<>();
        for (SystemMemberships system : s.getMembershipsList()) {
            system.getSegmentsList().stream().map(SegmentMembership::getSegmentId).forEach(segments::add);
        }
        return new PersonScores(scores, segments, s.getValue().toByteArray());
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
