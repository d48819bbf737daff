package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.ContactIntent;
import io.crowsnest.decisioning.domain.MemberState;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignRunStore;
import io.crowsnest.decisioning.store.CampaignStore;

/**
 * Contacts the staged members of one partition, batch by batch: the members of every runnable
 * campaign are taken together in person-id order, so one batch holds all the campaigns competing
 * for the same person and governance arbitrates them by division priority and expected value. Each
 * batch: decide every member (in parallel; a person whose decision met an unreachable neighbour
 * waits, the others go on), mark its members RESERVING under the batch's key, keep the batch as it
 * will be sent, ReserveContactBatch under that key, record grants and denials, deliver the grants
 * (in parallel: each member's delivery has its own key and moves only that member forward). A batch
 * interrupted by a crash is sent again identically (same key, same answer) before anything new; one
 * whose members wait but which was never kept is given up under its key before they are put back,
 * so that a runner whose lease lapsed mid-batch cannot still send it and hold capacity for members
 * that another runner reserves anew. Reserved members are delivered before new batches.
 */
@ApplicationScoped
public class ContactRound {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ContactRound.class);

    @Inject
    CampaignMemberStore members;
    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignRunStore run;
    @Inject
    MemberDecision decisions;
    @Inject
    MemberDelivery delivery;
    @Inject
    GovernanceClient governance;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    private ExecutorService deciders;
    private ExecutorService deliverers;

    @PostConstruct
    void init() {
        deciders = pool("campaign-decide");
        deliverers = pool("campaign-deliver");
    }

    private ExecutorService pool(String name) {
        return Executors.newFixedThreadPool(config.campaigns().parallelism(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        deciders.shutdownNow();
        deliverers.shutdownNow();
    }

    /** Works the partition for the campaigns (by id) while the lease holds; stops when nothing is left now. */
    public void run(int partition, Map<String, Campaign> runnable, BooleanSupplier leaseHeld) {
        if (runnable.isEmpty()) {
            return;
        }
        java.util.Set<String> interrupted = new java.util.LinkedHashSet<>();
        for (CampaignMember m : members.inState(partition, runnable.keySet(), MemberState.RESERVING, 10_000)) {
            interrupted.add(members.batchKeyOf(m.campaignId(), m.personId()));
        }
        interrupted.forEach(this::send);
        deliverReserved(partition, runnable, leaseHeld);
        int size = Math.max(1, Math.min(1000, config.campaigns().batchSize()));
        while (leaseHeld.getAsBoolean()) {
            List<CampaignMember> staged = members.inState(partition, runnable.keySet(), MemberState.STAGED, size);
            if (staged.isEmpty()) {
                return;
            }
            batch(wholePersons(staged, size), runnable);
            deliverReserved(partition, runnable, leaseHeld);
        }
    }

    /** Drops the last person's members from a full page: more of them may follow, and a person is never split. */
    static List<CampaignMember> wholePersons(List<CampaignMember> page, int size) {
        if (page.size() < size) {
            return page;
        }
        String last = page.get(page.size() - 1).personId();
        List<CampaignMember> whole = page.stream().filter(m -> !m.personId().equals(last)).toList();
        return whole.isEmpty() ? page : whole;
    }

    private void batch(List<CampaignMember> staged, Map<String, Campaign> runnable) {
        List<Future<MemberDecision.Verdict>> pending = new ArrayList<>();
        for (CampaignMember m : staged) {
            pending.add(deciders.submit(() -> decisions.decide(runnable.get(m.campaignId()), m)));
        }
        // a decision that met an unreachable neighbour leaves its person's members STAGED (all of them, so
        // the person's campaigns still compete in one batch later); the others go on, then the pass stops
        List<MemberDecision.Verdict> verdicts = new ArrayList<>();
        java.util.Set<String> unsure = new java.util.HashSet<>();
        PeerDown down = null;
        for (int i = 0; i < pending.size(); i++) {
            try {
                verdicts.add(await(pending.get(i)));
            } catch (PeerDown e) {
                down = down == null ? e : down;
                unsure.add(staged.get(i).personId());
            }
        }
        String key = "cmp-batch:" + UUID.randomUUID();
        Instant now = clock.instant();
        List<MemberDecision.Chosen> chosen = new ArrayList<>();
        List<ContactIntent> items = new ArrayList<>();
        for (MemberDecision.Verdict v : verdicts) {
            if (unsure.contains(v.member().personId())) {
                continue;
            }
            if (v instanceof MemberDecision.LeftOut out) {
                members.leftOut(out.member(), out.blocked() ? MemberState.BLOCKED : MemberState.NO_ELIGIBLE_ACTION, "",
                        "", out.decisionId(), out.codes());
            } else if (v instanceof MemberDecision.Chosen c && members.reserving(c.member(), c.action().action().id(),
                    c.channel(), c.decisionId(), c.action().content(), key)) {
                chosen.add(c);
                items.add(contact(runnable.get(c.member().campaignId()), c));
            }
        }
        if (!chosen.isEmpty()) {
            if (run.keepBatch(key, governance.reservationBatch(items, config.campaigns().reservationTtl().toSeconds(),
                    key), chosen.stream().map(c -> c.member().personId()).distinct().toList(), now)) {
                send(key);
            } else {
                LOG.infof("reservation batch %s was given up by another runner (this one's lease lapsed); not sent", key);
            }
        }
        if (down != null) {
            throw down;
        }
    }

    private static ContactIntent contact(Campaign c, MemberDecision.Chosen chosen) {
        return new ContactIntent(PersonRef.id(chosen.member().personId()), chosen.channel(),
                c.definition().division(), chosen.action().action().category(), "", "", chosen.action().action().id(),
                c.id(), c.definition().expectedValue());
    }

    /**
     * Sends the kept batch the member is RESERVING in (first time or again after a crash: same key,
     * so governance answers what it answered) and records every item's result.
     */
    private void send(String key) {
        List<CampaignMember> waiting = members.ofBatch(key);
        Optional<CampaignRunStore.KeptBatch> kept = run.batch(key);
        if (kept.isEmpty() && !run.abandon(key, clock.instant())) {
            kept = run.batch(key); // its runner kept it just now: send it as kept
        }
        if (kept.isEmpty() || kept.get().abandoned()) {
            // never sent, and now never will be (its runner, if alive, finds the key taken and stops):
            // reserve them again in a new batch
            waiting.forEach(members::retry);
            return;
        }
        byte[] request = kept.get().request();
        List<GovernanceClient.Reservation> results;
        try {
            results = PeerDown.call("contact-governance", () -> governance.reserve(key, request));
        } catch (PeerFailure e) {
            // refused as a whole (not an outage): nobody of it is reserved, and sending it again would not change that
            // an erased person is recorded as before governance answered NOT_FOUND PERSON_NOT_FOUND for it
            String code = "GOVERNANCE_REFUSED_" + (e.personErased() ? "FAILED_PRECONDITION" : e.code());
            waiting.forEach(m -> members.denied(m, List.of(code)));
            LOG.warnf("contact-governance refused reservation batch %s: %s", key, e.status().getStatus());
            return;
        }
        for (GovernanceClient.Reservation result : results) {
            waiting.stream().filter(m -> m.campaignId().equals(result.campaignId())
                    && m.personId().equals(result.personId())).findFirst().ifPresent(m -> {
                        switch (result.outcome()) {
                            case GRANTED -> members.reserved(m, result.reservationId());
                            case DENIED -> members.denied(m, result.denials());
                            default -> members.retry(m);
                        }
                    });
        }
    }

    /**
     * Delivers the reserved members of the campaigns still RUNNING (a campaign paused meanwhile keeps
     * them; one cancelled meanwhile has their reservations released).
     */
    private void deliverReserved(int partition, Map<String, Campaign> runnable, BooleanSupplier leaseHeld) {
        Map<String, CampaignStatus> now = new java.util.HashMap<>();
        for (String id : runnable.keySet()) {
            CampaignStatus s = campaigns.find(id).map(Campaign::status).orElse(CampaignStatus.FAILED);
            now.put(id, s);
            if (s == CampaignStatus.CANCELLED) {
                for (CampaignMember m : members.cancel(id)) {
                    delivery.release(m, "CAMPAIGN_CANCELLED", "campaign " + id + " was cancelled");
                }
            }
        }
        List<CampaignMember> reserved = members.inState(partition, runnable.keySet(), MemberState.RESERVED, 10_000)
                .stream().filter(m -> now.get(m.campaignId()) == CampaignStatus.RUNNING).toList();
        int chunk = 4 * config.campaigns().parallelism();
        for (int from = 0; from < reserved.size(); from += chunk) {
            if (!leaseHeld.getAsBoolean()) {
                return;
            }
            List<Future<?>> sends = new ArrayList<>();
            for (CampaignMember m : reserved.subList(from, Math.min(reserved.size(), from + chunk))) {
                sends.add(deliverers.submit(() -> delivery.deliver(runnable.get(m.campaignId()), m)));
            }
            awaitAll(sends);
        }
    }

    /** Waits for every call (none is left running into the next pass), then rethrows the first failure. */
    private static void awaitAll(List<? extends Future<?>> calls) {
        RuntimeException first = null;
        for (Future<?> f : calls) {
            try {
                await(f);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerDown("interrupted while deciding");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
