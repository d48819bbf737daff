package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyNotFound;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.PolicyVersion;
import io.crowsnest.contactgovernance.domain.RuleKind;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.PolicyStore;

/**
 * What-if: replays the real ledger under a draft policy, read-only. Contacts before the range
 * count as they happened; inside it, a contact the draft blocks is not counted for later ones.
 * Consent is rebuilt from the consent history as it stood at each contact; fatigue uses the
 * recorded outcomes.
 */
@ApplicationScoped
public class SimulationService {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    @Inject
    Clock clock;
    @Inject
    LedgerStore ledger;
    @Inject
    ConsentStore consents;
    @Inject
    PolicyStore policies;
    @Inject
    GoverningPolicy governing;

    private final Semaphore running;

    @Inject
    SimulationService(GovernanceConfig config) {
        this.running = new Semaphore(config.maxSimulations());
    }

    /**
     * Replays the ledger of [start, end] against a checked policy given inline ({@code inline}) or
     * stored ({@code stored}, when {@code inline} is null), reporting progress about every second
     * and the result last; RESOURCE_EXHAUSTED when too many replays run. {@code mostAffectedLimit}
     * 0 means 20.
     */
    public void simulate(ContactPolicy inline, PolicyRef stored, Instant start, Instant end, int mostAffectedLimit,
            Simulation.Listener response) {
        ContactPolicy policy = inline != null ? inline : stored(stored);
        if (!running.tryAcquire()) {
            throw new GovernanceException(GovernanceException.Kind.RESOURCE_EXHAUSTED, "SIMULATION_CAPACITY",
                    "too many simulations are running; retry later");
        }
        try {
            replay(policy, start, end, mostAffectedLimit == 0 ? 20 : mostAffectedLimit, response);
        } finally {
            running.release();
        }
    }

    private ContactPolicy stored(PolicyRef ref) {
        if (policies.find(ref.policyId(), ref.version()).isEmpty()) {
            throw new PolicyNotFound(policies.latest(ref.policyId()).isEmpty()
                    ? "POLICY_NOT_FOUND" : "POLICY_VERSION_NOT_FOUND",
                    "no policy version " + ref.policyId() + " v" + ref.version());
        }
        return governing.rules(ref.policyId(), ref.version());
    }

    /** Figures of one person during the replay. */
    private static final class Person {
        final List<CountedContact> counted = new ArrayList<>();
        final List<FatigueHistory.Contact> history = new ArrayList<>();
        Instant lastResponse;
        List<ConsentChange> consentChanges;
        long evaluated;
        long blocked;
        final Map<String, Long> rules = new LinkedHashMap<>();
    }

    private void replay(ContactPolicy policy, Instant start, Instant end, int affectedLimit,
            Simulation.Listener out) {
        Instant now = clock.instant();
        long total = ledger.count(start, end);
        Map<String, Person> people = new HashMap<>();
        Map<String, long[]> byDivision = new LinkedHashMap<>();
        Map<Channel, long[]> byChannel = new LinkedHashMap<>();
        Map<String, long[]> byRule = new LinkedHashMap<>();
        Map<String, RuleKind> ruleKinds = new HashMap<>();
        long processed = 0;
        long blocked = 0;
        Instant lastProgress = clock.instant();
        Instant replayedThrough = start;
        for (LedgerEntry entry : ledger.range(start.minus(policy.lookback()), end)) {
            if (out.cancelled()) {
                return;
            }
            Person person = people.computeIfAbsent(entry.personId(), p -> new Person());
            Instant at = entry.contactedAt();
            CountedContact contact = entry.counted();
            if (at.isBefore(start)) {
                person.counted.add(contact);
                remember(person, entry);
                continue;
            }
            if (person.consentChanges == null) {
                person.consentChanges = consents.allChanges(entry.personId());
            }
            ConsentState consent = consentAt(entry.personId(), person.consentChanges, at);
            GovernanceRules.Inputs inputs = new GovernanceRules.Inputs(policy, consent,
                    new FatigueHistory(List.copyOf(person.history), person.lastResponse));
            ContactIntent intent = new ContactIntent(entry.personId(), contact.channel(), contact.division(),
                    contact.category(), contact.campaignId(), at, null);
            List<Verdict.Violation> violations = GovernanceRules.blockingRules(inputs, intent, person.counted);
            processed++;
            person.evaluated++;
            long[] division = byDivision.computeIfAbsent(contact.division(), d -> new long[2]);
            long[] channel = byChannel.computeIfAbsent(entry.channel(), c -> new long[2]);
            division[0]++;
            channel[0]++;
            if (violations.isEmpty()) {
                person.counted.add(contact);
            } else {
                blocked++;
                person.blocked++;
                division[1]++;
                channel[1]++;
                List<String> distinct = violations.stream().map(Verdict.Violation::ruleId).distinct().toList();
                for (Verdict.Violation x : violations) {
                    ruleKinds.putIfAbsent(x.ruleId(), x.kind());
                }
                for (String rule : distinct) {
                    long[] counts = byRule.computeIfAbsent(rule, r -> new long[2]);
                    counts[0]++;
                    if (distinct.size() == 1) {
                        counts[1]++;
                    }
                    person.rules.merge(rule, 1L, Long::sum);
                }
            }
            remember(person, entry);
            replayedThrough = at;
            if (Duration.between(lastProgress, clock.instant()).compareTo(PROGRESS_EVERY) >= 0) {
                lastProgress = clock.instant();
                out.progress(new Simulation.Progress(processed, total, replayedThrough, blocked));
            }
        }
        out.progress(new Simulation.Progress(processed, total, replayedThrough, blocked));
        List<Simulation.DivisionCount> divisions = byDivision.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]))
                .map(e -> new Simulation.DivisionCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        List<Simulation.ChannelCount> channels = byChannel.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Channel, long[]> e) -> -e.getValue()[1]))
                .map(e -> new Simulation.ChannelCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        List<Simulation.RuleCount> rules = byRule.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]))
                .map(e -> new Simulation.RuleCount(e.getKey(), ruleKinds.get(e.getKey()), e.getValue()[0],
                        e.getValue()[1])).toList();
        List<Simulation.AffectedPerson> affected = people.entrySet().stream().filter(e -> e.getValue().blocked > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, Person> e) -> -e.getValue().blocked)
                        .thenComparingLong(e -> -e.getValue().evaluated).thenComparing(Map.Entry::getKey))
                .limit(affectedLimit)
                .map(e -> new Simulation.AffectedPerson(e.getKey(), e.getValue().evaluated, e.getValue().blocked,
                        e.getValue().rules.entrySet().stream()
                                .sorted(Comparator.comparingLong((Map.Entry<String, Long> r) -> -r.getValue()))
                                .map(Map.Entry::getKey).toList())).toList();
        out.result(new Simulation.Result(policy.ref(), start, end, governedDuring(start, end), processed, blocked,
                people.values().stream().filter(p -> p.evaluated > 0).count(),
                people.values().stream().filter(p -> p.blocked > 0).count(), divisions, channels, rules, affected,
                clock.instant()));
    }

    private static void remember(Person person, LedgerEntry entry) {
        FatigueHistory.Contact contact = entry.fatigue();
        Instant responded = contact.respondedAt();
        if (responded != null && (person.lastResponse == null || responded.isAfter(person.lastResponse))) {
            person.lastResponse = responded;
        }
        person.history.add(contact);
    }

    /** The consent record as it stood at the instant, folded from the applied history entries. */
    private static ConsentState consentAt(String personId, List<ConsentChange> changes, Instant at) {
        Map<ContactPolicy.ChannelPurpose, PersonConsents.ChannelConsent> decisions = new LinkedHashMap<>();
        PersonConsents.DoNotContact doNotContact = null;
        String timeZone = "";
        List<ConsentChange> applied = changes.stream().filter(ConsentChange::applied)
                .filter(c -> !c.observedAt().isAfter(at))
                .sorted(Comparator.comparing(ConsentChange::observedAt)).toList();
        for (ConsentChange c : applied) {
            switch (c.kind()) {
                case CHANNEL -> {
                    var key = new ContactPolicy.ChannelPurpose(c.channel(), c.purpose());
                    if (c.statusAfter() == null || c.statusAfter() == ConsentState.Status.NONE) {
                        decisions.remove(key);
                    } else {
                        decisions.put(key, new PersonConsents.ChannelConsent(c.channel(), c.purpose(),
                                c.statusAfter(), c.observedAt(), c.recordedAt(), c.source(), ""));
                    }
                }
                case DO_NOT_CONTACT -> doNotContact = new PersonConsents.DoNotContact(c.doNotContactAfter(),
                        c.observedAt(), c.recordedAt(), c.source(), "");
                case TIME_ZONE -> timeZone = c.timeZoneAfter();
                default -> {
                }
            }
        }
        return new PersonConsents(personId, List.copyOf(decisions.values()), doNotContact, timeZone, 0, null).state();
    }

    /** Versions that governed at some point of the range, oldest first, from the activation audit. */
    private List<PolicyRef> governedDuring(Instant start, Instant end) {
        List<Map.Entry<Instant, PolicyRef>> activations = new ArrayList<>();
        for (PolicyVersion latest : policies.latestOfEach(0, 1000)) {
            for (PolicyVersion version : policies.versions(latest.policy().policyId(), 0, 1000)) {
                for (PolicyAuditEntry audit : version.audit()) {
                    if (audit.action() == PolicyAuditEntry.Action.ACTIVATED) {
                        activations.add(Map.entry(audit.at(), version.ref()));
                    }
                }
            }
        }
        activations.sort(Map.Entry.comparingByKey());
        List<PolicyRef> out = new ArrayList<>();
        for (int i = 0; i < activations.size(); i++) {
            Instant from = activations.get(i).getKey();
            Instant until = i + 1 < activations.size() ? activations.get(i + 1).getKey() : Instant.MAX;
            if (from.isBefore(end) && until.isAfter(start) && !out.contains(activations.get(i).getValue())) {
                out.add(activations.get(i).getValue());
            }
        }
        return out;
    }
}
