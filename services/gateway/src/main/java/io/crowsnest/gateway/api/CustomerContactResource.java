package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.google.protobuf.util.Timestamps;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.GetConsentsRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.domain.ContactStatus;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The call-centre view of one customer's contact governance: may we contact them now on each
 * channel, what contacts they had, and their consents, which an agent may change.
 */
@Path("/api/v1/customers/{personId}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class CustomerContactResource {

    @Inject
    Caller caller;

    /** Channels shown when the agent names none. */
    static final List<Channel> DEFAULT_CHANNELS = List.of(Channel.CHANNEL_EMAIL, Channel.CHANNEL_SMS,
            Channel.CHANNEL_PHONE, Channel.CHANNEL_PUSH, Channel.CHANNEL_DIRECT_MAIL);

    static final String REQUESTING_SYSTEM = "gateway";
    static final String CONSENT_SOURCE = "call-centre";

    private static final String CHANNEL_PREFIX = "CHANNEL_";
    private static final String CATEGORY_PREFIX = "CONTACT_CATEGORY_";
    private static final String OUTCOME_PREFIX = "CONTACT_OUTCOME_";

    @GrpcClient("contact-governance")
    ContactGovernanceServiceBlockingStub governance;

    @Inject
    GatewaySettings settings;

    /**
     * The verdict on each channel, asked in one CheckEligibilityBatch; for now, or for a planned contact
     * at ?planned_at= (RFC 3339, e.g. tomorrow 10:00 when the agent promises a call back).
     */
    @AuditedRead
    @GET
    @Path("contact-status")
    public ContactStatus contactStatus(@PathParam("personId") String personId,
            @QueryParam("division") String division, @QueryParam("category") String category,
            @QueryParam("channels") List<String> channels, @QueryParam("time_zone") String timeZone,
            @QueryParam("planned_at") String plannedAt) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (division == null || division.isBlank()) {
            violations.add(new Problem.Violation("division", "is required, e.g. division=cards"));
        }
        ContactCategory contactCategory = RequestParams.enumOrDefault(category,
                ContactCategory.CONTACT_CATEGORY_MARKETING, ContactCategory.class, CATEGORY_PREFIX, "category",
                violations);
        List<String> channelNames = RequestParams.values(channels);
        List<Channel> asked = channelNames.isEmpty() ? DEFAULT_CHANNELS
                : RequestParams.enums(channelNames, Channel.class, CHANNEL_PREFIX, "channels", violations);
        com.google.protobuf.Timestamp planned = plannedAt == null || plannedAt.isBlank() ? null
                : RequestParams.instant(plannedAt, "planned_at", violations);
        InvalidRequest.throwIfAny(violations);

        ContactGovernanceServiceBlockingStub stub = governance();
        ContactRequest.Builder contact = ContactRequest.newBuilder()
                .setPerson(person(personId))
                .setDivision(DivisionRef.newBuilder().setId(division.trim()))
                .setCategory(contactCategory)
                .setRequestingSystem(REQUESTING_SYSTEM);
        if (timeZone != null && !timeZone.isBlank()) {
            contact.setTimeZone(timeZone.trim());
        }
        if (planned != null) {
            contact.setPlannedAt(planned);
        }
        // the channels are asked in one CheckEligibilityBatch: governance reads the person's consents, state and
        // counters once for all of them, and the verdicts come back in the order asked
        CheckEligibilityBatchRequest.Builder batch = CheckEligibilityBatchRequest.newBuilder();
        for (Channel channel : asked) {
            batch.addContacts(contact.setChannel(channel).build());
        }
        List<Verdict> verdicts = stub.checkEligibilityBatch(batch.build()).getVerdictsList();
        String evaluatedPerson = personId;
        List<ContactStatus.ChannelStatus> statuses = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            Verdict verdict = verdicts.get(i);
            if (!verdict.getPersonId().isEmpty()) {
                evaluatedPerson = verdict.getPersonId();
            }
            statuses.add(channelStatus(asked.get(i), verdict));
        }
        return new ContactStatus(evaluatedPerson, division.trim(), withoutPrefix(contactCategory.name(),
                CATEGORY_PREFIX), statuses);
    }

    @AuditedRead
    @GET
    @Path("contact-history")
    public Response contactHistory(@PathParam("personId") String personId,
            @QueryParam("channel") List<String> channels, @QueryParam("division") List<String> divisions,
            @QueryParam("category") List<String> categories, @QueryParam("outcome") List<String> outcomes,
            @QueryParam("campaign_id") String campaignId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListContactHistoryRequest.Builder request = ListContactHistoryRequest.newBuilder()
                .setPerson(person(personId))
                .addAllChannels(RequestParams.enums(RequestParams.values(channels), Channel.class, CHANNEL_PREFIX,
                        "channel", violations))
                .addAllCategories(RequestParams.enums(RequestParams.values(categories), ContactCategory.class,
                        CATEGORY_PREFIX, "category", violations))
                .addAllOutcomes(RequestParams.enums(RequestParams.values(outcomes), ContactOutcome.class,
                        OUTCOME_PREFIX, "outcome", violations))
                .setPage(RequestParams.page(pageSize, pageToken, violations));
        RequestParams.values(divisions).forEach(id -> request.addDivisions(DivisionRef.newBuilder().setId(id)));
        if (campaignId != null && !campaignId.isBlank()) {
            request.setCampaignId(campaignId.trim());
        }
        TimeRange range = RequestParams.range(from, to, violations);
        InvalidRequest.throwIfAny(violations);
        if (range != null) {
            request.setContactedIn(range);
        }
        return ProtoJson.ok(governance().listContactHistory(request.build()));
    }

    @AuditedRead
    @GET
    @Path("consents")
    public Response consents(@PathParam("personId") String personId) {
        return ProtoJson.ok(governance().getConsents(GetConsentsRequest.newBuilder().setPerson(person(personId))
                .build()));
    }

    /**
     * An agent records the customer's consent decisions: the body is a SetConsentsRequest whose
     * person, source, agent and idempotency key the gateway sets from the path and headers.
     */
    @PUT
    @Path("consents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setConsents(@PathParam("personId") String personId, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = caller.id();
        String key = RequestParams.requiredHeader(idempotencyKey, "Idempotency-Key", violations);
        InvalidRequest.throwIfAny(violations);
        SetConsentsRequest request = ProtoJson.parse(body, SetConsentsRequest.newBuilder(), true)
                .setPerson(person(personId))
                .setSource(CONSENT_SOURCE)
                .setAgentId(agent)
                .setIdempotencyKey(key)
                .build();
        return ProtoJson.ok(governance().setConsents(request));
    }

    private ContactGovernanceServiceBlockingStub governance() {
        return governance.withDeadlineAfter(settings.governanceDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static PersonRef person(String personId) {
        return PersonRef.newBuilder().setPersonId(personId).build();
    }

    static ContactStatus.ChannelStatus channelStatus(Channel channel, Verdict verdict) {
        List<String> reasons = verdict.getViolationsList().stream().map(RuleViolation::getReason)
                .map(reason -> reason.getMessage()).toList();
        String nextAllowedAt = verdict.hasNextAllowedAt() ? Timestamps.toString(verdict.getNextAllowedAt()) : null;
        return new ContactStatus.ChannelStatus(withoutPrefix(channel.name(), CHANNEL_PREFIX), verdict.getAllowed(),
                reasons, nextAllowedAt, ProtoJson.print(verdict));
    }

    private static String withoutPrefix(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
