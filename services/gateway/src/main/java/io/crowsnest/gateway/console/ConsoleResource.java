package io.crowsnest.gateway.console;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowsnest.gateway.api.AccessAuditFilter;
import io.crowsnest.gateway.api.AlertInboxResource;
import io.crowsnest.gateway.api.CustomerContactResource;
import io.crowsnest.gateway.api.CustomerDecisionResource;
import io.crowsnest.gateway.api.CustomerLookupResource;
import io.crowsnest.gateway.api.CustomerProfileResource;
import io.crowsnest.gateway.api.DecisionResource;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.gateway.service.AccessAuditService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * The agent's pages: search, the customer (who, what is worth saying and why, what not to do),
 * recording an outcome, the inbox with acknowledgements. Every read of a customer is audited like
 * the API's.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.AGENT)
@Blocking
public class ConsoleResource {

    /** The identifier types offered in the search form (identity accepts any registered type). */
    static final List<String> IDENTIFIER_TYPES = List.of("email", "phone", "crm_id", "customer_number", "account");

    @Inject
    Caller caller;
    @Inject
    java.time.Clock clock;
    @Inject
    AccessAuditService audit;
    @Inject
    CustomerLookupResource lookups;
    @Inject
    CustomerProfileResource profiles;
    @Inject
    CustomerContactResource contacts;
    @Inject
    CustomerDecisionResource decisions;
    @Inject
    DecisionResource outcomes;
    @Inject
    AlertInboxResource inbox;

    @Location("console/search.html")
    Template search;
    @Location("console/customer.html")
    Template customer;
    @Location("console/inbox.html")
    Template inboxPage;
    @Location("console/recorded.html")
    Template recorded;

    @GET
    public TemplateInstance home() {
        return search.data("user", user()).data("types", IDENTIFIER_TYPES).data("message", null).data("value", "")
                .data("type", "email");
    }

    /** The identifier travels in the form body, never in a URL. */
    @POST
    @Path("search")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response find(@FormParam("type") String type, @FormParam("value") String value) {
        Map<String, Object> found = Views.section(() -> lookups.lookup("{\"type\": " + quote(type) + ", \"value\": "
                + quote(value) + "}"));
        Object personId = found.get("data") instanceof Map<?, ?> data ? data.get("person_id") : null;
        if (personId != null && !personId.toString().isEmpty()) {
            return Response.seeOther(URI.create("/console/customers/" + personId)).build();
        }
        String message = Integer.valueOf(404).equals(found.get("status")) ? "No customer has this " + type + "."
                : String.valueOf(found.get("error"));
        return Response.ok(search.data("user", user()).data("types", IDENTIFIER_TYPES).data("message", message)
                .data("value", value == null ? "" : value).data("type", type)).build();
    }

    @GET
    @Path("customers/{personId}")
    public TemplateInstance customer(@PathParam("personId") String personId, @QueryParam("division") String division,
            @jakarta.ws.rs.core.Context HttpServerRequest http) {
        Map<String, Object> profile = Views.section(() -> profiles.profile(personId, "20"));
        audit.record(caller.id(), personId, "GET /console/customers/{personId}",
                profile.containsKey("error") ? (Integer) profile.get("status") : 200, AccessAuditFilter.client(http));
        Map<String, Object> scores = Views.section(() -> profiles.scores(personId, "3"));
        String shownDivision = division != null && !division.isBlank() ? division : firstDivision(profile);
        Map<String, Object> contact = shownDivision == null ? Map.of("error", "no division: the customer has no"
                + " relationship with a division yet") : Views.section(() -> contacts.contactStatus(personId,
                        shownDivision, null, null, null, null));
        String context = shownDivision == null ? "" : ", \"context\": {\"direction\": \"INTERACTION_DIRECTION_INBOUND\","
                + " \"division\": {\"id\": " + quote(shownDivision) + "}, \"placement\": \"console\"}";
        Map<String, Object> next = Views.section(() -> decisions.decide(personId, UUID.randomUUID().toString(),
                "{\"channel\": \"CHANNEL_PHONE\", \"max_actions\": 3, \"explain_rejected\": true" + context + "}"));
        return customer.data("user", user()).data("personId", personId).data("profile", profile)
                .data("scores", scores).data("contact", contact).data("division", shownDivision).data("next", next);
    }

    /** The outcome of one proposed action, from the buttons under it; answers the fragment that replaces them. */
    @POST
    @Path("decisions/{decisionId}/outcomes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance outcome(@PathParam("decisionId") String decisionId, @FormParam("action_id") String actionId,
            @FormParam("type") String type, @FormParam("key") String key) {
        if (type == null || !List.of("ACCEPTED", "DECLINED").contains(type)) {
            return recorded.data("result", Map.of("error", "choose Accepted or Declined")).data("what", "");
        }
        String body = "{\"action_id\": " + quote(actionId) + ", \"type\": " + quote("OUTCOME_TYPE_" + type)
                + ", \"occurred_at\": " + quote(clock.instant().toString()) + "}";
        Map<String, Object> result = Views.section(() -> outcomes.recordOutcome(decisionId, key, body));
        return recorded.data("result", result).data("what", "Outcome " + type.toLowerCase().replace('_', ' '));
    }

    /**
     * The customer's answer to a proposed question, from the form under it: recorded as the
     * ACCEPTED outcome with the answer, which decisioning records in profile (RecordAnswer) so the
     * question is not asked again. Answers the fragment that replaces the form.
     */
    @POST
    @Path("decisions/{decisionId}/answers")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance answer(@PathParam("decisionId") String decisionId, @FormParam("action_id") String actionId,
            @FormParam("answer_type") String answerType, @FormParam("answer") List<String> answers,
            @FormParam("key") String key) {
        String answer = Views.answerJson(answerType, answers == null ? List.of() : answers);
        if (answer == null) {
            return recorded.data("result", Map.of("error", "give an answer of the kind the question asks"))
                    .data("what", "");
        }
        String body = "{\"action_id\": " + quote(actionId) + ", \"type\": \"OUTCOME_TYPE_ACCEPTED\", \"occurred_at\": "
                + quote(clock.instant().toString()) + ", \"answer\": " + answer + "}";
        Map<String, Object> result = Views.section(() -> outcomes.recordOutcome(decisionId, key, body));
        return recorded.data("result", result).data("what", "Answer “"
                + ("ANSWER_TYPE_YES_NO".equals(answerType) ? (answer.equals("true") ? "yes" : "no")
                        : String.join(", ", answers)) + "”");
    }

    @GET
    @Path("inbox")
    public TemplateInstance inbox() {
        Map<String, Object> alerts = Views.section(() -> inbox.inbox(List.of(), List.of(), null, false, "50", null));
        return inboxPage.data("user", user()).data("alerts", alerts);
    }

    @POST
    @Path("alerts/{alertId}/acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance acknowledge(@PathParam("alertId") String alertId, @FormParam("note") String note,
            @FormParam("key") String key) {
        String body = note == null || note.isBlank() ? "{}" : "{\"note\": " + quote(note) + "}";
        Map<String, Object> result = Views.section(() -> inbox.acknowledge(alertId, key, body));
        return recorded.data("result", result).data("what", "Acknowledged");
    }

    Map<String, Object> user() {
        List<String> roles = new ArrayList<>();
        for (String role : List.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.AGENT)) {
            if (caller.hasRole(role)) {
                roles.add(role);
            }
        }
        return Map.of("id", caller.id(), "role", roles.isEmpty() ? "" : roles.get(0),
                "supervisor", caller.hasRole(Roles.SUPERVISOR), "admin", caller.hasRole(Roles.ADMIN));
    }

    @SuppressWarnings("unchecked")
    private static String firstDivision(Map<String, Object> profile) {
        if (profile.get("data") instanceof Map<?, ?> data && data.get("profile") instanceof Map<?, ?> p
                && p.get("relationships") instanceof List<?> relationships && !relationships.isEmpty()
                && ((Map<String, Object>) relationships.get(0)).get("division") instanceof Map<?, ?> d) {
            return String.valueOf(d.get("id"));
        }
        return null;
    }

    static String quote(String value) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                .quoteAsString(value == null ? "" : value)) + "\"";
    }
}
