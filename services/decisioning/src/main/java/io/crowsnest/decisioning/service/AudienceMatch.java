package io.crowsnest.decisioning.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.PersonProfile;
import io.crowsnest.decisioning.client.PersonScores;
import io.crowsnest.decisioning.client.ProfileClient;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.expression.CompiledExpression;
import io.crowsnest.decisioning.expression.ExpressionException;
import io.crowsnest.decisioning.expression.ExpressionLanguage;

/**
 * Which persons of a page of the population a campaign's audience expression keeps: the expression
 * is evaluated over each person's {@code profile}, {@code scores}, {@code segments}, {@code value}
 * (value scores), {@code answers} and {@code now}, read from profile and scoring in parallel,
 * {@value #AT_ONCE} persons at a time. An evaluation error (a missing key, a wrong type) keeps nobody,
 * as an eligibility expression's error leaves an action out; a person profile no longer knows (erased)
 * is not kept. A neighbour that is unreachable is a transient {@link PeerFailure}: nothing is decided.
 */
@ApplicationScoped
public class AudienceMatch {

    /** Persons whose reads are in flight at once. */
    static final int AT_ONCE = 64;

    @Inject
    ProfileClient profile;
    @Inject
    ScoringClient scoring;
    @Inject
    ExpressionLanguage expressions;

    /** The persons the expression keeps, in the page's order. */
    public List<String> matching(CampaignDefinition d, List<String> personIds, Instant now) {
        CompiledExpression expression = expressions.compile(d.expression(), ExpressionLanguage.Result.BOOL);
        boolean events = d.expression().contains("recent_events");
        List<String> out = new ArrayList<>();
        for (int from = 0; from < personIds.size(); from += AT_ONCE) {
            Map<String, CompletableFuture<Boolean>> pending = new LinkedHashMap<>();
            for (String personId : personIds.subList(from, Math.min(personIds.size(), from + AT_ONCE))) {
                io.crowsnest.decisioning.domain.PersonRef person = io.crowsnest.decisioning.domain.PersonRef
                        .id(personId);
                CompletableFuture<PersonProfile> p = profile.profile(person, events);
                CompletableFuture<PersonScores> s = scoring.scores(person);
                pending.put(personId, p.thenCombine(s, (pp, ss) -> test(expression, pp, ss, now))
                        .exceptionallyCompose(e -> {
                            PeerFailure failure = PeerFailure.of(e);
                            return failure.transientFailure() ? CompletableFuture.failedFuture(failure)
                                    : CompletableFuture.completedFuture(false);
                        }));
            }
            for (Map.Entry<String, CompletableFuture<Boolean>> kept : pending.entrySet()) {
                try {
                    if (kept.getValue().join()) {
                        out.add(kept.getKey());
                    }
                } catch (CompletionException e) {
                    throw PeerFailure.of(e);
                }
            }
        }
        return out;
    }

    private boolean test(CompiledExpression expression, PersonProfile p, PersonScores s, Instant now) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("profile", ExpressionLanguage.profile(p.encoded()));
        variables.put("scores", s.scores());
        variables.put("segments", s.segments());
        variables.put("value", ExpressionLanguage.valueScores(s.value()));
        variables.put("answers", p.answers());
        variables.put("now", ExpressionLanguage.timestamp(now));
        try {
            return expressions.test(expression, variables);
        } catch (ExpressionException e) {
            return false;
        }
    }
}
