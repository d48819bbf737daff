package io.crowsnest.alertnotification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Reservations a delivery may use, content per channel, and how provider reports move a delivery. */
class DeliveryRulesTest {

    static final Instant T = Instant.parse("2030-01-01T10:00:00Z");

    static Reservation held() {
        return new Reservation("rsv-1", "p1", "SMS", Reservation.State.HELD, T.plusSeconds(900));
    }

    static String refusal(Runnable r) {
        return assertThrows(DomainException.class, r::run).reason();
    }

    @Test
    void onlyAHeldReservationForThisPersonAndChannelBeforeItsExpiryServes() {
        held().requireUsable("p1", MessageChannel.SMS, T);
        assertEquals("RESERVATION_MISMATCH", refusal(() -> held().requireUsable("p2", MessageChannel.SMS, T)));
        assertEquals("RESERVATION_MISMATCH", refusal(() -> held().requireUsable("p1", MessageChannel.EMAIL, T)));
        assertEquals("RESERVATION_EXPIRED", refusal(() -> held().requireUsable("p1", MessageChannel.SMS,
                T.plusSeconds(900))));
        for (Reservation.State s : new Reservation.State[] {Reservation.State.COMMITTED, Reservation.State.RELEASED,
                Reservation.State.VOIDED, Reservation.State.EXPIRED}) {
            Reservation r = new Reservation("rsv-1", "p1", "SMS", s, T.plusSeconds(900));
            String expected = switch (s) {
                case COMMITTED -> "RESERVATION_ALREADY_COMMITTED";
                case EXPIRED -> "RESERVATION_EXPIRED";
                default -> "RESERVATION_RELEASED";
            };
            assertEquals(expected, refusal(() -> r.requireUsable("p1", MessageChannel.SMS, T)));
        }
    }

    @Test
    void contentFollowsTheChannel() {
        new Message("", "x".repeat(1600), Message.TEXT, "").checkedFor(MessageChannel.SMS, "rendered");
        assertEquals("rendered.body", assertThrows(DomainException.class, () -> new Message("", "x".repeat(1601),
                Message.TEXT, "").checkedFor(MessageChannel.SMS, "rendered")).field());
        assertEquals("template.subject", assertThrows(DomainException.class, () -> new Message("s", "b", Message.TEXT,
                "").checkedFor(MessageChannel.SMS, "template")).field());
        new Message("s", "<p>b</p>", Message.HTML, "").checkedFor(MessageChannel.EMAIL, "rendered");
        assertThrows(DomainException.class, () -> new Message("s", "<p>b</p>", Message.HTML, "")
                .checkedFor(MessageChannel.PUSH, "rendered"));
    }

    @Test
    void reportsMoveASentDeliveryOnceEach() {
        Delivery sent = Delivery.pending("d1", "rsv-1", "p1", MessageChannel.EMAIL, "", "webhook",
                new Delivery.Refs("", "", ""), T).sent("m1", 1, T);
        Delivery clicked = sent.reported(Delivery.Event.CLICKED, T.plusSeconds(60), null);
        assertEquals(DeliveryStatus.DELIVERED, clicked.status());
        assertEquals(T.plusSeconds(60), clicked.openedAt(), "a click implies an open");
        assertSame(clicked, clicked.reported(Delivery.Event.CLICKED, T.plusSeconds(90), null));
        assertSame(clicked, clicked.reported(Delivery.Event.DELIVERED, T.plusSeconds(90), null));
        Delivery bounced = sent.reported(Delivery.Event.BOUNCED, T.plusSeconds(5), null);
        assertEquals("HARD_BOUNCE", bounced.statusReason().code());
        assertEquals(DeliveryStatus.BOUNCED, bounced.reported(Delivery.Event.OPENED, T.plusSeconds(9), null).status());
        Delivery failed = Delivery.pending("d2", "rsv-2", "p1", MessageChannel.SMS, "", "local-sink",
                new Delivery.Refs("", "", ""), T).failed(new Reason("NO_ADDRESS", ""), 0, T);
        assertEquals("DELIVERY_NOT_SENT", refusal(() -> failed.reported(Delivery.Event.DELIVERED, T, null)));
    }
}
