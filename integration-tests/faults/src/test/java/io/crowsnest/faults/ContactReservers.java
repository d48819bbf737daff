package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.localstack.testing.Await;
import io.grpc.ManagedChannel;

/**
 * Systems reserving contacts with contact-governance and committing each granted one, retrying a
 * reservation and a commit under its own idempotency key until answered, as a real caller does.
 * They count what was acknowledged (granted reservations, commits) and every refusal; while a store
 * is marked away, a grant asked for and answered inside that time counts as granted while away.
 * {@link #assertNothingLostAndNobodyOverContacted} then holds the ledger against it and the caps.
 */
final class ContactReservers {

    private static final int PERSONS = 16;
    private static final int THREADS = 3;
    /** The policy's caps: per person at most this many contacts a week, of which this many by push. */
    private static final int OVERALL_CAP = 8;
    private static final int PUSH_CAP = 3;
    private static final Duration BUDGET = Duration.ofSeconds(90);

    private final ManagedChannel channel;
    private final String prefix;
    private final Map<String, String> granted = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> committed = new ConcurrentHashMap<>();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong grantedWhileAway = new AtomicLong();
    private final Retries retries = new Retries();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Future<?>> running = new ArrayList<>();
    private volatile Instant awaySince;
    private ExecutorService callers;

    ContactReservers(ManagedChannel channel, String prefix) {
        this.channel = channel;
        this.prefix = prefix;
    }

    /** Writes and activates the policy whose caps the check holds the ledger against. */
    void activatePolicy() {
        ContactGovernanceServiceBlockingStub stub = stub();
        RollingWindow week = RollingWindow.newBuilder().setLength(1).setUnit(WindowUnit.WINDOW_UNIT_WEEKS).build();
        Policy policy = Policy.newBuilder().setPolicyId(prefix).setDisplayName("Fault suite").setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("overall").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(OVERALL_CAP).setWindow(week))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("push").setScope(CapScope.CAP_SCOPE_CHANNEL)
                        .setChannel(Channel.CHANNEL_PUSH).setMaxContacts(PUSH_CAP).setWindow(week))
                .build();
        long version = stub.withDeadlineAfter(30, TimeUnit.SECONDS).upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("fault-suite")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPolicyVersion().getVersion();
        stub.withDeadlineAfter(30, TimeUnit.SECONDS).activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId(prefix).setVersion(version)
                .setActor("fault-suite").setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    void start() {
        stop.set(false);
        callers = Executors.newFixedThreadPool(THREADS);
        for (int i = 0; i < THREADS; i++) {
            running.add(callers.submit(this::reserveAndCommit));
        }
    }

    void stop() throws Exception {
        stop.set(true);
        try {
            for (Future<?> f : running) {
                f.get(2 * BUDGET.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            running.clear();
            callers.shutdownNow();
        }
    }

    /**
     * Marks the time a store of contact-governance is away: call with true once it is stopped, with
     * false before it starts again. A grant asked for and answered in between counts as granted while away.
     */
    void storeAway(boolean away) {
        awaySince = away ? Instant.now() : null;
    }

    long answers() {
        return answers.get();
    }

    long refusals() {
        return retries.count();
    }

    long grants() {
        return granted.size();
    }

    long grantedWhileAway() {
        return grantedWhileAway.get();
    }

    /** Refused calls retried so far, by "STATUS reason". */
    Map<String, Long> refusedBy() {
        return retries.byReason();
    }

    /**
     * Waits (at most 2 minutes) until every person has had all the contacts the policy allows, so
     * that any further grant would over-contact.
     */
    void awaitEveryoneAtCap() {
        Await.until(Duration.ofSeconds(120), () -> committedCount() >= PERSONS * OVERALL_CAP,
                () -> "every person at the cap of " + OVERALL_CAP + ": " + committedCount() + " of "
                        + PERSONS * OVERALL_CAP + " contacts committed");
    }

    private int committedCount() {
        return committed.values().stream().mapToInt(Set::size).sum();
    }

    /** Waits (at most 2 minutes) until {@code more} reservations are answered (granted or not). */
    void awaitAnswers(long more, String when) {
        long target = answers.get() + more;
        Await.until(Duration.ofSeconds(120), () -> answers.get() >= target, more + " more answered reservations " + when);
    }

    /**
     * Every acknowledged commit is in the ledger, and nothing else; every granted reservation is kept
     * (held or committed); no person has more contacts in the ledger than the policy's caps allow.
     */
    void assertNothingLostAndNobodyOverContacted() {
        ContactGovernanceServiceBlockingStub stub = stub();
        Map<String, String> wrong = new TreeMap<>();
        long contacts = 0;
        for (int p = 0; p < PERSONS; p++) {
            String person = person(p);
            List<LedgerEntry> ledger = stub.withDeadlineAfter(30, TimeUnit.SECONDS).listContactHistory(ListContactHistoryRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(person))
                    .setPage(PageRequest.newBuilder().setPageSize(500)).build()).getEntriesList();
            contacts += ledger.size();
            Set<String> inLedger = new TreeSet<>(ledger.stream().map(LedgerEntry::getReservationId).toList());
            Set<String> acknowledged = new TreeSet<>(committed.getOrDefault(person, Set.of()));
            long push = ledger.stream().filter(e -> e.getChannel() == Channel.CHANNEL_PUSH).count();
            if (!inLedger.containsAll(acknowledged)) {
                wrong.put(person, "acknowledged commits missing from the ledger: " + minus(acknowledged, inLedger));
            } else if (ledger.size() > OVERALL_CAP || push > PUSH_CAP) {
                wrong.put(person, "over-contacted: " + ledger.size() + " contacts (cap " + OVERALL_CAP + "), " + push
                        + " by push (cap " + PUSH_CAP + ")");
            } else if (ledger.size() != inLedger.size()) {
                wrong.put(person, "a reservation committed twice: " + ledger.size() + " entries for " + inLedger.size()
                        + " reservations");
            }
        }
        granted.forEach((reservation, person) -> {
            ReservationState state = stub.withDeadlineAfter(30, TimeUnit.SECONDS).getReservation(GetReservationRequest.newBuilder()
                    .setReservationId(reservation).build()).getReservation().getState();
            if (state != ReservationState.RESERVATION_STATE_HELD && state != ReservationState.RESERVATION_STATE_COMMITTED) {
                wrong.put(person + " " + reservation, "a granted reservation is " + state);
            }
        });
        System.out.printf("faults: %d reservations granted, %d commits acknowledged, %d contacts in the ledger of %d"
                + " persons%n", granted.size(), committedCount(), contacts, PERSONS);
        assertEquals(Map.of(), wrong, "the ledger against acknowledged reservations and the policy's caps");
    }

    private Void reserveAndCommit() {
        ContactGovernanceServiceBlockingStub stub = stub();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            String person = person(random.nextInt(PERSONS));
            ReserveContactRequest reserve = ReserveContactRequest.newBuilder().setContact(ContactRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(person))
                    .setChannel(random.nextBoolean() ? Channel.CHANNEL_PUSH : Channel.CHANNEL_EMAIL)
                    .setDivision(DivisionRef.newBuilder().setId(random.nextBoolean() ? "cards" : "travel"))
                    .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING).setRequestingSystem("fault-suite"))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build();
            Instant asked = Instant.now();
            ReserveContactResponse answer = retries.untilAnswered(
                    () -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).reserveContact(reserve), BUDGET);
            if (answer == null) {
                continue;
            }
            answers.incrementAndGet();
            if (!answer.getGranted()) {
                continue;
            }
            Instant away = awaySince;
            if (away != null && asked.isAfter(away)) {
                grantedWhileAway.incrementAndGet();
            }
            granted.put(answer.getReservationId(), person);
            CommitReservationRequest commit = CommitReservationRequest.newBuilder()
                    .setReservationId(answer.getReservationId()).setIdempotencyKey(UUID.randomUUID().toString()).build();
            if (retries.untilAnswered(() -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).commitReservation(commit),
                    BUDGET) != null) {
                committed.computeIfAbsent(person, p -> ConcurrentHashMap.newKeySet()).add(answer.getReservationId());
            }
        }
        return null;
    }

    private ContactGovernanceServiceBlockingStub stub() {
        return ContactGovernanceServiceGrpc.newBlockingStub(channel);
    }

    private String person(int n) {
        return prefix + "-person-" + n;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
