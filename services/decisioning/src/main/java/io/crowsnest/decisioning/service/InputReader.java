package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.contactgovernance.v1.CheckEligibilityResponse;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.ProfileClient;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.profile.v1.GetProfileResponse;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.PersonScores;
import io.grpc.Status;

/**
 * Reads what a decision needs in parallel, each call with its deadline: the profile, the scores and
 * governance's verdicts on every (division, category) among the contact candidates, in one call. A neighbour that
 * does not answer in time leaves its part empty with a warning; an unknown person stops the
 * decision.
 */
@ApplicationScoped
public class InputReader {

    @Inject
    ProfileClient profiles;
    @Inject
    ScoringClient scoring;
    @Inject
    GovernanceClient governance;

    DecisionInputs read(DecideCommand cmd, List<Action> candidates) {
        boolean recentEvents = candidates.stream().anyMatch(a -> readsRecentEvents(a.spec()));
        CompletableFuture<GetProfileResponse> profile = profiles.profile(cmd.person(), recentEvents);
        CompletableFuture<GetScoresResponse> scores = scoring.scores(cmd.person());
        Map<String, ContactRequest> contacts = new LinkedHashMap<>();
        for (Action a : candidates) {
            if (a.spec().isContact()) {
                contacts.computeIfAbsent(key(a), k -> contact(cmd, a));
            }
        }
        CompletableFuture<Map<String, Object>> checks = verdicts(contacts);
        List<String> warnings = new ArrayList<>();
        Optional<Profile> p = Optional.empty();
        try {
            p = Optional.of(profile.join().getProfile());
        } catch (CompletionException e) {
            Status status = Status.fromThrowable(e.getCause());
            if (status.getCode() == Status.Code.NOT_FOUND || status.getCode() == Status.Code.FAILED_PRECONDITION) {
                throw DecisioningException.personNotFound("no person is known by " + describe(cmd) + ": "
                        + status.getDescription());
            }
            warnings.add("PROFILE_UNAVAILABLE:profile did not answer (" + status.getCode() + "); candidates that "
                    + "read the profile or answers, and questions, are left out");
        }
        Optional<PersonScores> s = Optional.empty();
        try {
            s = Optional.of(scores.join().getScores());
        } catch (CompletionException e) {
            Status status = Status.fromThrowable(e.getCause());
            if (status.getCode() == Status.Code.NOT_FOUND) {
                s = Optional.of(PersonScores.getDefaultInstance());
            } else {
                warnings.add("SCORES_UNAVAILABLE:scoring did not answer (" + status.getCode() + "); candidates "
                        + "that read scores, segments or value scores are left out");
            }
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            checks.join().forEach((k, answer) -> {
                if (answer instanceof Verdict verdict) {
                    verdicts.put(k, verdict);
                } else {
                    errors.put(k, (String) answer);
                }
            });
        } catch (CompletionException e) {
            Status status = Status.fromThrowable(e.getCause());
            contacts.keySet().forEach(k -> errors.put(k, status.getCode() + ": " + status.getDescription()));
        }
        boolean governanceDown = errors.values().stream()
                .anyMatch(error -> error.startsWith("UNAVAILABLE") || error.startsWith("DEADLINE_EXCEEDED"));
        if (governanceDown) {
            warnings.add("GOVERNANCE_UNAVAILABLE:contact-governance did not answer; contact actions are left out");
        }
        String personId = p.map(Profile::getPersonId).filter(id -> !id.isEmpty())
                .or(() -> Optional.of(cmd.person().getPersonId()).filter(id -> !id.isEmpty()))
                .or(() -> verdicts.values().stream().map(Verdict::getPersonId).filter(id -> !id.isEmpty()).findFirst())
                .orElse("");
        if (personId.isEmpty()) {
            throw new DecisioningException(DecisioningException.Kind.UNAVAILABLE, "PEERS_UNAVAILABLE",
                    "neither profile nor contact-governance could say who " + describe(cmd) + " is; retry with the "
                            + "same idempotency key");
        }
        return new DecisionInputs(personId, p, s, verdicts, errors, warnings);
    }

    /** Whether an expression of the action reads the profile's recent events (read only then). */
    private static boolean readsRecentEvents(io.crowsnest.decisioning.domain.ActionSpec s) {
        return (s.eligibility() + s.propensity() + s.valueExpression() + s.contextWeight()).contains("recent_events");
    }

    /**
     * Governance's answer per key — its Verdict, or a "CODE: description" error — from one
     * CheckEligibilityBatch call; from an older governance that does not have it (UNIMPLEMENTED,
     * e.g. during a rolling upgrade), or when governance refuses one of the contacts (e.g. a division
     * its policy does not know), from one CheckEligibility per key, so that only that key fails.
     */
    private CompletableFuture<Map<String, Object>> verdicts(Map<String, ContactRequest> contacts) {
        if (contacts.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<String> keys = List.copyOf(contacts.keySet());
        return governance.checkAll(List.copyOf(contacts.values())).<Map<String, Object>>thenApply(r -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), r.getVerdicts(i));
            }
            return out;
        }).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            Status.Code code = Status.fromThrowable(cause).getCode();
            if (code != Status.Code.UNIMPLEMENTED && code != Status.Code.INVALID_ARGUMENT) {
                return CompletableFuture.failedFuture(cause);
            }
            Map<String, CompletableFuture<Object>> one = new LinkedHashMap<>();
            contacts.forEach((k, c) -> one.put(k, governance.check(c).<Object>thenApply(r -> r.getVerdict())
                    .exceptionally(x -> {
                        Status status = Status.fromThrowable(x instanceof CompletionException ? x.getCause() : x);
                        return status.getCode() + ": " + status.getDescription();
                    })));
            return CompletableFuture.allOf(one.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, Object> out = new LinkedHashMap<>();
                one.forEach((k, f) -> out.put(k, f.join()));
                return out;
            });
        });
    }

    /** The governance question an action asks: its division and category. */
    static String key(Action a) {
        return a.spec().division() + "|" + a.spec().category();
    }

    private static ContactRequest contact(DecideCommand cmd, Action a) {
        return ContactRequest.newBuilder().setPerson(cmd.person()).setChannel(Channel.valueOf("CHANNEL_" + cmd.channel()))
                .setDivision(DivisionRef.newBuilder().setId(a.spec().division()))
                .setCategory(ContactCategory.valueOf("CONTACT_CATEGORY_" + a.spec().category()))
                .setTimeZone(cmd.context().timeZone()).setRequestingSystem(GovernanceClient.SYSTEM)
                .setAgentId(cmd.context().agentId()).setActionId(a.id()).build();
    }

    private static String describe(DecideCommand cmd) {
        return cmd.person().hasIdentifier() ? "identifier of type " + cmd.person().getIdentifier().getType()
                : "person id '" + cmd.person().getPersonId() + "'";
    }
}
