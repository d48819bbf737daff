package io.crowsnest.alertnotification.leads;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.crowsnest.alertnotification.domain.DomainException;
import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;
import io.crowsnest.alertnotification.domain.Transition;
import io.crowsnest.alertnotification.store.LeadPool;
import io.crowsnest.alertnotification.store.LeadStore;

/**
 * Turns transitions into leads and offers the best of them. {@link #consider} makes one lead per
 * rule and transition (the store's first insert wins, so redelivery and several instances make one),
 * suppresses it below the rule's minimum score or within the person's cooldown, else adds it to the
 * team's pool. {@link #digest} offers, per team, the best candidates that fit the rolling hour's
 * budget (one atomic step in Redis) and suppresses the candidates that waited out their hour.
 */
public final class LeadEngine {

    private static final Logger LOG = Logger.getLogger(LeadEngine.class);

    /** Reads a person's score (0 when the person has none). */
    @FunctionalInterface
    public interface Scores {
        double score(String personId, String scoreName);
    }

    /** Offers a lead to its team and returns the alert id. */
    @FunctionalInterface
    public interface Offers {
        String offer(Lead lead, LeadRule rule);
    }

    private final LeadStore store;
    private final LeadPool pool;
    private final Scores scores;
    private final Offers offers;
    private final Clock clock;

    public LeadEngine(LeadStore store, LeadPool pool, Scores scores, Offers offers, Clock clock) {
        this.store = store;
        this.pool = pool;
        this.scores = scores;
        this.offers = offers;
        this.clock = clock;
    }

    /** Considers an ENTERED transition under every enabled rule of its segment. */
    public void consider(Transition t) {
        for (LeadRule rule : store.rules("")) {
            if (rule.enabled() && rule.segmentId().equals(t.segmentId())) {
                consider(rule, t);
            }
        }
    }

    private void consider(LeadRule rule, Transition t) {
        if (store.find(rule.id() + "-" + t.offset()).isPresent()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        double score = rule.scoreName().isEmpty() ? 0 : scores.score(t.personId(), rule.scoreName());
        Lead lead = Lead.of(rule, t, score, now);
        if (!store.insert(lead)) {
            return;
        }
        if (!rule.qualifies(score)) {
            store.save(lead.suppressed("SCORE_BELOW_MINIMUM", lead.reason().message()));
        } else if (!pool.cooldown(rule.teamId(), t.personId(), rule.personCooldown(), now)) {
            store.save(lead.suppressed("PERSON_COOLDOWN", "the person was considered for team " + rule.teamId()
                    + " within the last " + rule.personCooldown().toMinutes() + " minutes"));
        } else {
            pool.candidate(rule.teamId(), lead.id(), score, now);
        }
    }

    /** Runs every team's digest once; returns how many leads were offered. */
    public int digest() {
        Map<String, LeadRule> strictest = new LinkedHashMap<>();
        for (LeadRule rule : store.rules("")) {
            if (rule.enabled()) {
                strictest.merge(rule.teamId(), rule, (a, b) -> a.maxPerHour() <= b.maxPerHour() ? a : b);
            }
        }
        int offered = 0;
        for (LeadRule rule : strictest.values()) {
            offered += digest(rule);
        }
        return offered;
    }

    private int digest(LeadRule teamRule) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LeadPool.Digest digest = pool.digest(teamRule.teamId(), teamRule.maxPerHour(), now);
        for (String id : digest.expired()) {
            store.find(id).filter(l -> l.status() == Lead.Status.CANDIDATE).ifPresent(l -> store.save(l.suppressed(
                    "NOT_AMONG_THE_BEST", "not among the " + teamRule.maxPerHour() + " best of its hour")));
        }
        List<Lead> chosen = digest.offer().stream().map(store::find).flatMap(java.util.Optional::stream)
                .sorted(Comparator.comparingDouble(Lead::score).reversed()).toList();
        int offered = 0;
        for (Lead lead : chosen) {
            LeadRule rule = store.rule(lead.ruleId()).orElse(teamRule);
            try {
                store.save(lead.offered(offers.offer(lead, rule), now));
                offered++;
            } catch (DomainException e) {
                store.save(lead.suppressed(e.reason(), e.getMessage()));
            } catch (RuntimeException e) {
                LOG.errorf("lead %s was chosen but could not be offered: %s", lead.id(), e.toString());
                store.save(lead.suppressed("OFFER_FAILED", "the lead alert could not be published"));
            }
        }
        return offered;
    }
}
