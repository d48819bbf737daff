package io.crowsnest.alertnotification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.connector.Connector;
import io.crowsnest.alertnotification.connector.Outgoing;
import io.crowsnest.alertnotification.connector.SendResult;
import io.crowsnest.alertnotification.domain.Message;
import io.crowsnest.alertnotification.domain.MessageChannel;
import io.crowsnest.platform.jobs.Backoff;

/**
 * The tries of one send, without letting time pass: the pauses between tries are the platform's
 * Backoff (a long one is ended by an interrupt, not waited out), the count follows the provider's
 * answers. The whole path through a real HTTP provider is DeliveryTest's.
 */
class ProviderSendsTest {

    private static final Outgoing OUTGOING = new Outgoing("d-1", MessageChannel.EMAIL, "a@example.org",
            new Message("Hello", "Body", "text/plain", "en"), "");

    /** A provider answering from a list, then unavailable; it counts the sends. */
    static final class Provider implements Connector {
        final BlockingQueue<SendResult> answers = new LinkedBlockingQueue<>();
        final AtomicInteger sends = new AtomicInteger();
        final CountDownLatch firstSend = new CountDownLatch(1);

        Provider(SendResult... answers) {
            this.answers.addAll(java.util.List.of(answers));
        }

        @Override
        public String name() {
            return "test-provider";
        }

        @Override
        public SendResult send(Outgoing message) {
            sends.incrementAndGet();
            firstSend.countDown();
            SendResult next = answers.poll();
            return next == null ? new SendResult.Unavailable("503") : next;
        }
    }

    @Test
    void anUnavailableProviderIsTriedUntilItAcceptsAndARefusalIsNotRetried() {
        Backoff quick = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2));
        Provider recovering = new Provider(new SendResult.Unavailable("502"), new SendResult.Accepted("m-1"));
        ProviderSends.Outcome accepted = ProviderSends.send(recovering, OUTGOING, 3, quick);
        assertEquals(new SendResult.Accepted("m-1"), accepted.result());
        assertEquals(2, accepted.attempts());

        Provider down = new Provider();
        ProviderSends.Outcome failed = ProviderSends.send(down, OUTGOING, 3, quick);
        assertInstanceOf(SendResult.Unavailable.class, failed.result());
        assertEquals(3, failed.attempts());
        assertEquals(3, down.sends.get());

        Provider refusing = new Provider(new SendResult.Rejected("400"));
        assertEquals(1, ProviderSends.send(refusing, OUTGOING, 3, quick).attempts());
    }

    @Test
    void anInterruptEndsThePauseAtOnceAndNoFurtherSendIsMade() throws InterruptedException {
        Backoff hour = new Backoff(Duration.ofHours(1), Duration.ofHours(2));
        Provider down = new Provider();
        AtomicReference<ProviderSends.Outcome> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            outcome.set(ProviderSends.send(down, OUTGOING, 3, hour));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        sender.start();
        assertTrue(down.firstSend.await(30, TimeUnit.SECONDS));
        sender.interrupt();
        sender.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(sender.isAlive(), "the sender still waits out an hour's pause");
        assertEquals(1, outcome.get().attempts());
        assertEquals(1, down.sends.get());
        assertTrue(stillInterrupted.get(), "the interrupt is left set for the caller");
    }

    @Test
    void thePauseDoublesFromTheConfiguredFirstOneUpToTheLastTry() {
        Backoff backoff = ProviderSends.backoff(Duration.ofMillis(200), 3);
        assertEquals(Duration.ofMillis(200), backoff.base(0));
        assertEquals(Duration.ofMillis(400), backoff.base(1));
        Backoff five = ProviderSends.backoff(Duration.ofMillis(200), 5);
        assertEquals(Duration.ofMillis(1600), five.base(3));
        assertEquals(Duration.ofMillis(200), ProviderSends.backoff(Duration.ofMillis(200), 1).base(0));
    }
}
