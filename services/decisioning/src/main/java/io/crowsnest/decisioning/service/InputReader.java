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

import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.GovernanceVerdict;
import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.PersonProfile;
import io.crowsnest.decisioning.client.PersonScores;
import io.crowsnest.decisioning.client.ProfileClient;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ContactIntent;
import io.crowsnest.decisioning.domain.DecisioningException;

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
        CompletableFuture<PersonProfile> profile = profiles.profile(cmd.person(), recentEvents);
        CompletableFuture<PersonScores> scores = scoring.scores(cmd.person());
        Map<String, ContactIntent> contacts = new LinkedHashMap<>();
        for (Action a : candidates) {
            if (a.spec().isContact()) {
                contacts.computeIfAbsent(key(a), k -> contact(cmd, a));
            }
        }
        CompletableFuture<Map<String, Object>> checks = governance.verdicts(contacts);
        List<String> warnings = new ArrayList<>();
        Optional<PersonProfile> p = Optional.empty();
        try {
            p = Optional.of(profile.join());
        } catch (CompletionException e) {
            PeerFailure failure = PeerFailure.of(e);
            if (failure.notFound() || failure.code().equals("FAILED_PRECONDITION")) {
                throw DecisioningException.personNotFound("no person is known by " + cmd.person().describe() + ": "
                        + failure.description());
            }
            warnings.add("PROFILE_UNAVAILABLE:profile did not answer (" + failure.code() + "); candidates that "
                    + "read the profile or answers, and questions, are left out");
        }
        Optional<PersonScores> s = Optional.empty();
        try {
            s = Optional.of(scores.join());
        } catch (CompletionException e) {
            warnings.add("SCORES_UNAVAILABLE:scoring did not answer (" + PeerFailure.of(e).code() + "); candidates "
                    + "that read scores, segments or value scores are left out");
        }
        Map<String, GovernanceVerdict> verdicts = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            checks.join().forEach((k, answer) -> {
                if (answer instanceof GovernanceVerdict verdict) {
                    verdicts.put(k, verdict);
                } else {
                    errors.put(k, (String) answer);
                }
            });
        } catch (CompletionException e) {
            PeerFailure failure = PeerFailure.of(e);
            contacts.keySet().forEach(k -> errors.put(k, failure.code() + ": " + failure.description()));
        }
        boolean governanceDown = errors.values().stream()
                .anyMatch(error -> error.startsWith("UNAVAILABLE") || error.startsWith("DEADLINE_EXCEEDED"));
        if (governanceDown) {
            warnings.add("GOVERNANCE_UNAVAILABLE:contact-governance did not answer; contact actions are left out");
        }
        String personId = p.map(PersonProfile::personId).filter(id -> !id.isEmpty())
                .or(() -> Optional.of(cmd.person().personId()).filter(id -> !id.isEmpty()))
                .or(() -> verdicts.values().stream().map(GovernanceVerdict::personId).filter(id -> !id.isEmpty())
                        .findFirst())
                .orElse("");
        if (personId.isEmpty()) {
            throw new DecisioningException(DecisioningException.Kind.UNAVAILABLE, "PEERS_UNAVAILABLE",
                    "neither profile nor contact-governance could say who " + cmd.person().describe() + " is; retry "
                            + "with the same idempotency key");
        }
        return new DecisionInputs(personId, p, s, verdicts, errors, warnings);
    }

    /** Whether an expression of the action reads the profile's recent events (read only then). */
    private static boolean readsRecentEvents(io.crowsnest.decisioning.domain.ActionSpec s) {
        return (s.eligibility() + s.propensity() + s.valueExpression() + s.contextWeight()).contains("recent_events");
    }

    /** The governance question an action asks: its division and category. */
    static String key(Action a) {
        return a.spec().division() + "|" + a.spec().category();
    }

    private static ContactIntent contact(DecideCommand cmd, Action a) {
        return new ContactIntent(cmd.person(), cmd.channel(), a.spec().division(), a.spec().category(),
                cmd.context().timeZone(), cmd.context().agentId(), a.id(), "", null);
    }
}
