package io.crowsnest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;

/**
 * Two contact-governance processes against one Redis and one MongoDB, many threads on each, racing
 * for the same people: the ledger afterwards holds no more contacts than the governing policy's
 * overall cap (3 per week, set by {@link GovernanceThroughGateway}) and every acknowledged commit.
 */
final class TwoGovernanceInstances {

    private static final List<String> PEOPLE = List.of("twin-1", "twin-2", "twin-3");
    private static final int THREADS_PER_INSTANCE = 8;
    private static final int ATTEMPTS = 8;
    private static final int OVERALL_CAP = 3;

    private TwoGovernanceInstances() {
    }

    static void run(LocalStack stack) throws Exception {
        int replicaGrpc = FreePort.pick();
        stack.startReplica("contact-governance", FreePort.pick(), replicaGrpc);
        List<ManagedChannel> channels = List.of(
                SignedChannels.to(stack.grpcPort("contact-governance")),
                SignedChannels.to(replicaGrpc));
        Map<String, AtomicInteger> committed = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        Map<String, String> lastRefusal = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
                ContactGovernanceServiceBlockingStub stub = ContactGovernanceServiceGrpc
                        .newBlockingStub(channels.get(t % 2)).withDeadlineAfter(2, TimeUnit.MINUTES);
                workers.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < ATTEMPTS; i++) {
                        String person = PEOPLE.get(random.nextInt(PEOPLE.size()));
                        ContactRequest contact = ContactRequest.newBuilder()
                                .setPerson(PersonRef.newBuilder().setPersonId(person))
                                .setChannel(random.nextBoolean() ? Channel.CHANNEL_PUSH : Channel.CHANNEL_WEB)
                                .setDivision(DivisionRef.newBuilder().setId(random.nextBoolean() ? "cards" : "travel"))
                                .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING)
                                .setRequestingSystem("e2e-twins").build();
                        ReserveContactResponse reserved = stub.reserveContact(ReserveContactRequest.newBuilder()
                                .setContact(contact).setIdempotencyKey(UUID.randomUUID().toString()).build());
                        if (!reserved.getGranted()) {
                            refused.incrementAndGet();
                            lastRefusal.put(person, reserved.getVerdict().getViolationsList().toString());
                            continue;
                        }
                        stub.commitReservation(CommitReservationRequest.newBuilder()
                                .setReservationId(reserved.getReservationId())
                                .setIdempotencyKey(UUID.randomUUID().toString()).build());
                        committed.computeIfAbsent(person, p -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
            ContactGovernanceServiceBlockingStub reader = ContactGovernanceServiceGrpc.newBlockingStub(channels.get(1));
            for (String person : PEOPLE) {
                int ledger = reader.listContactHistory(ListContactHistoryRequest.newBuilder()
                        .setPerson(PersonRef.newBuilder().setPersonId(person)).build()).getEntriesCount();
                assertEquals(OVERALL_CAP, ledger, person + ": the cap was reached exactly, never exceeded; last refusal "
                        + lastRefusal.get(person));
                assertEquals(ledger, committed.get(person).get(), person + ": every acknowledged commit is kept");
            }
            assertTrue(refused.get() >= 2 * THREADS_PER_INSTANCE * ATTEMPTS - PEOPLE.size() * OVERALL_CAP);
        } finally {
            pool.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }
}
