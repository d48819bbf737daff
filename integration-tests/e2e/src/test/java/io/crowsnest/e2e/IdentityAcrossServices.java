package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.DoNotContactChange;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.GetConsentsRequest;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Identity as the other services see it: a customer is found through the gateway by an
 * identifier, and identity's change stream reaches contact governance — a do-not-contact flag set
 * on an anonymous visitor holds for the known customer it is merged into at login, and erasing the
 * customer in identity erases them in governance too.
 *
 * <p>Run by {@link SuiteEndToEndTest} against the stack it started.
 */
final class IdentityAcrossServices {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private IdentityAcrossServices() {
    }

    static void run(LocalStack stack) {
        ManagedChannel identityChannel = SignedChannels.to(stack.grpcPort("identity"));
        ManagedChannel governanceChannel = SignedChannels.to(stack.grpcPort("contact-governance"));
        try {
            IdentityServiceBlockingStub identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
            ContactGovernanceServiceBlockingStub governance = ContactGovernanceServiceGrpc
                    .newBlockingStub(governanceChannel);
            RequestSpecification gateway = GatewayAs.user(stack, "ada");

            String email = "e2e." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            Identifier cookie = id("cookie", "e2e-ck-" + UUID.randomUUID());
            String visitor = resolve(identity, id("cookie", cookie.getValue()));
            String customer = resolve(identity, id("email", email));
            governance.setConsents(SetConsentsRequest.newBuilder().setPerson(ref(visitor))
                    .setDoNotContact(DoNotContactChange.newBuilder().setActive(true)).setSource("web")
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());

            assertEquals(customer, resolve(identity, cookie, id("email", email)), "the login merges the visitor");
            eventually("governance applies the merge from identity's change stream", () -> governance
                    .getConsents(GetConsentsRequest.newBuilder().setPerson(ref(customer)).build()).getConsents()
                    .getDoNotContact().getActive());

            given(gateway).contentType(ContentType.JSON).body(lookup("email", " " + email.toUpperCase() + " "))
                    .when().post("/api/v1/customers/lookup")
                    .then().statusCode(200).body("person_id", is(customer)).body("kind", is("PERSON_KIND_KNOWN"));
            given(gateway).contentType(ContentType.JSON).body(lookup("email", "not-an-email"))
                    .when().post("/api/v1/customers/lookup")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem("identifier.value"));
            given(gateway).contentType(ContentType.JSON).body(lookup("crm", "nobody-" + UUID.randomUUID()))
                    .when().post("/api/v1/customers/lookup")
                    .then().statusCode(404).contentType("application/problem+json");
            // injection attempts are plain values: refused as not an email, or nobody has them — never 5xx
            given(gateway).contentType(ContentType.JSON)
                    .body("{\"type\": \"email\", \"value\": \"{\\\"$ne\\\": null}\"}")
                    .when().post("/api/v1/customers/lookup")
                    .then().statusCode(400).contentType("application/problem+json");
            given(gateway).contentType(ContentType.JSON).body("{\"type\": \"email\", \"value\": {\"$ne\": null}}")
                    .when().post("/api/v1/customers/lookup")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem("body"));
            for (String attempt : List.of("' OR '1'='1", "x\"; db.dropDatabase(); \"", "../../etc/passwd", "<script>")) {
                given(gateway).contentType(ContentType.JSON).body(lookup("crm", attempt.replace("\"", "\\\"")))
                        .when().post("/api/v1/customers/lookup")
                        .then().statusCode(org.hamcrest.Matchers.oneOf(400, 404)).contentType("application/problem+json");
            }

            identity.forgetPerson(io.crowsnest.identity.v1.ForgetPersonRequest.newBuilder().setPersonId(customer)
                    .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
            eventually("governance erases the person on FORGOTTEN", () -> governance.forgetPerson(ForgetPersonRequest
                    .newBuilder().setPersonId(customer).setReason(Reason.newBuilder().setCode("CHECK"))
                    .setRequestingSystem("e2e").setIdempotencyKey(UUID.randomUUID().toString()).build())
                    .getAlreadyForgotten());
        } finally {
            identityChannel.shutdownNow();
            governanceChannel.shutdownNow();
        }
    }

    private static String resolve(IdentityServiceBlockingStub identity, Identifier... identifiers) {
        return identity.resolvePerson(ResolvePersonRequest.newBuilder().addAllIdentifiers(java.util.List.of(identifiers))
                .setRequestingSystem("web-login").setIdempotencyKey(UUID.randomUUID().toString()).build())
                .getPersonId();
    }

    private static Identifier id(String type, String value) {
        return Identifier.newBuilder().setType(type).setValue(value).build();
    }

    private static PersonRef ref(String personId) {
        return PersonRef.newBuilder().setPersonId(personId).build();
    }

    private static void eventually(String what, BooleanSupplier condition) {
        Await.until(PATIENCE, condition, what);
    }

    /** The body of a customer lookup: the identifier in proto3 JSON. */
    private static String lookup(String type, String value) {
        return "{\"type\": \"" + type + "\", \"value\": \"" + value + "\"}";
    }
}
