package io.crowsnest.contactgovernance.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.contactgovernance.domain.ClockSkew;
import io.crowsnest.contactgovernance.domain.ContactHorizons;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.mapping.PolicyMessages;
import io.crowsnest.contactgovernance.service.PolicyService;
import io.crowsnest.contactgovernance.service.SimulationService;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionResponse;
import io.crowsnest.contactgovernance.v1.GetPolicyRequest;
import io.crowsnest.contactgovernance.v1.GetPolicyResponse;
import io.crowsnest.contactgovernance.v1.ListPoliciesRequest;
import io.crowsnest.contactgovernance.v1.ListPoliciesResponse;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsRequest;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsResponse;
import io.crowsnest.contactgovernance.v1.PolicySummary;
import io.crowsnest.contactgovernance.v1.PolicyVersion;
import io.crowsnest.contactgovernance.v1.SimulatePolicyRequest;
import io.crowsnest.contactgovernance.v1.SimulatePolicyResponse;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The policy RPCs (Upsert, Get, List, ListVersions, Activate) and SimulatePolicy: request checks
 * (a policy's contents by {@link PolicyValidator}), then the policy use cases, the writes once per
 * idempotency key (a retry gets the first answer).
 */
@ApplicationScoped
public class PolicyAdapter {

    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9-]{1,64}");

    @Inject
    PolicyService policies;
    @Inject
    SimulationService simulations;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    UpsertPolicyResponse upsert(UpsertPolicyRequest request) {
        RequestChecks v = new RequestChecks();
        PolicyValidator.validate(request.getPolicy(), "policy", v);
        actor(request.getActor(), v);
        if (request.getChangeNote().length() > 1024) {
            v.add("change_note", "must be at most 1,024 characters");
        }
        if (request.getBaseVersion() < 0) {
            v.add("base_version", "must be 0 (new policy) or the version the edit is based on");
        }
        if (!request.getValidateOnly()) {
            v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        }
        v.throwIfAny();
        PolicyService.Upsert upsert = new PolicyService.Upsert(PolicyMessages.content(request.getPolicy()),
                request.getBaseVersion(), request.getActor(), request.getChangeNote());
        if (request.getValidateOnly()) {
            return upserted(policies.draft(upsert));
        }
        return idempotency.once("UpsertPolicy", request.getIdempotencyKey(), request, UpsertPolicyResponse.parser(),
                () -> upserted(policies.upsert(upsert)));
    }

    GetPolicyResponse get(GetPolicyRequest request) {
        RequestChecks v = new RequestChecks();
        if (!request.getPolicyId().isEmpty() && !POLICY_ID.matcher(request.getPolicyId()).matches()) {
            v.add("policy_id", "must be 1 to 64 characters of a-z, 0-9 and -");
        }
        if (request.getVersion() < 0) {
            v.add("version", "must not be negative");
        }
        v.throwIfAny();
        return GetPolicyResponse.newBuilder()
                .setPolicyVersion(PolicyMessages.message(policies.get(request.getPolicyId(), request.getVersion())))
                .build();
    }

    ListPoliciesResponse list(ListPoliciesRequest request) {
        RequestChecks v = new RequestChecks();
        Pages.Page page = Pages.read(request.getPage(), "policies", "page", v);
        v.throwIfAny();
        PolicyService.Listing listing = policies.list(page.offset(), page.size());
        ListPoliciesResponse.Builder out = ListPoliciesResponse.newBuilder();
        listing.policies().forEach(p -> out.addPolicies(PolicySummary.newBuilder().setPolicyId(p.policyId())
                .setDisplayName(p.displayName()).setLatestVersion(p.latestVersion())
                .setActiveVersion(p.activeVersion()).setUpdatedAt(Timestamps.of(p.updatedAt()))
                .setUpdatedBy(p.updatedBy())));
        if (listing.governing() != null) {
            out.setGoverning(ContractMapping.ref(listing.governing()));
        }
        out.getPageBuilder().setNextPageToken(Pages.next(page, out.getPoliciesCount(), "policies"));
        return out.build();
    }

    ListPolicyVersionsResponse versions(ListPolicyVersionsRequest request) {
        RequestChecks v = new RequestChecks();
        policyId(request.getPolicyId(), v);
        Pages.Page page = Pages.read(request.getPage(), "versions:" + request.getPolicyId(), "page", v);
        v.throwIfAny();
        List<PolicyVersion> versions = policies.versions(request.getPolicyId(), page.offset(), page.size()).stream()
                .map(PolicyMessages::message).toList();
        ListPolicyVersionsResponse.Builder out = ListPolicyVersionsResponse.newBuilder().addAllVersions(versions);
        out.getPageBuilder().setNextPageToken(Pages.next(page, versions.size(), "versions:" + request.getPolicyId()));
        return out.build();
    }

    ActivatePolicyVersionResponse activate(ActivatePolicyVersionRequest request) {
        RequestChecks v = new RequestChecks();
        policyId(request.getPolicyId(), v);
        if (request.getVersion() < 1) {
            v.add("version", "must be 1 or more, got " + request.getVersion());
        }
        actor(request.getActor(), v);
        if (request.getChangeNote().length() > 1024) {
            v.add("change_note", "must be at most 1,024 characters");
        }
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        PolicyService.Activate activate = new PolicyService.Activate(request.getPolicyId(), request.getVersion(),
                request.getActor(), request.getChangeNote(),
                request.hasExpectedActive() ? ContractMapping.ref(request.getExpectedActive()) : null);
        return idempotency.once("ActivatePolicyVersion", request.getIdempotencyKey(), request,
                ActivatePolicyVersionResponse.parser(), () -> activated(policies.activate(activate)));
    }

    void simulate(SimulatePolicyRequest request, StreamObserver<SimulatePolicyResponse> response) {
        Instant now = clock.instant();
        RequestChecks v = new RequestChecks();
        switch (request.getSubjectCase()) {
            case POLICY -> PolicyValidator.validate(request.getPolicy(), "policy", v);
            case POLICY_VERSION -> {
                if (request.getPolicyVersion().getPolicyId().isEmpty()) {
                    v.add("policy_version.policy_id", "is required");
                }
                if (request.getPolicyVersion().getVersion() < 1) {
                    v.add("policy_version.version", "must be 1 or more");
                }
            }
            default -> v.add("subject", "set exactly one of policy_version or policy");
        }
        TimeRange range = request.getTimeRange();
        Instant start = range.hasStart() ? Timestamps.instant(range.getStart()) : null;
        Instant end = range.hasEnd() ? Timestamps.instant(range.getEnd()) : now;
        if (start == null) {
            v.add("time_range.start", "is required");
        } else if (end.isBefore(start)) {
            v.add("time_range.end", "must not be before time_range.start");
        } else if (ContactHorizons.tooLongToSimulate(start, end)) {
            v.add("time_range", "must span at most 400 days");
        }
        if (ClockSkew.inFuture(end, now)) {
            v.add("time_range.end", "must not be in the future");
        }
        if (request.getMostAffectedLimit() < 0 || request.getMostAffectedLimit() > 100) {
            v.add("most_affected_limit", "must be 0 (default 20) to 100");
        }
        v.throwIfAny();
        simulations.simulate(request.hasPolicy() ? ContractMapping.policy(request.getPolicy(),
                new PolicyRef(request.getPolicy().getPolicyId(), 0)) : null,
                request.hasPolicy() ? null : ContractMapping.ref(request.getPolicyVersion()), start, end,
                request.getMostAffectedLimit(),
                new SimulationStream((ServerCallStreamObserver<SimulatePolicyResponse>) response));
    }

    private static UpsertPolicyResponse upserted(io.crowsnest.contactgovernance.domain.PolicyVersion version) {
        return UpsertPolicyResponse.newBuilder().setPolicyVersion(PolicyMessages.message(version)).build();
    }

    private static ActivatePolicyVersionResponse activated(PolicyService.Activated a) {
        ActivatePolicyVersionResponse.Builder out = ActivatePolicyVersionResponse.newBuilder()
                .setPolicyVersion(PolicyMessages.message(a.version())).setActivatedAt(Timestamps.of(a.activatedAt()));
        if (a.previous() != null) {
            out.setPrevious(ContractMapping.ref(a.previous()));
        }
        return out.build();
    }

    private static void policyId(String id, RequestChecks v) {
        if (!POLICY_ID.matcher(id).matches()) {
            v.add("policy_id", id.isEmpty() ? "is required" : "must be 1 to 64 characters of a-z, 0-9 and -");
        }
    }

    private static void actor(String actor, RequestChecks v) {
        if (actor.isEmpty() || actor.length() > 128) {
            v.add("actor", "must name who makes the change, 1 to 128 characters");
        }
    }
}
