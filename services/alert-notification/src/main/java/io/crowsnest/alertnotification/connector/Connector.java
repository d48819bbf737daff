package io.crowsnest.alertnotification.connector;

/** Hands one message to a provider. Sending the same delivery id again must not send it twice. */
public interface Connector {

    /** The provider's name, recorded with the delivery. */
    String name();

    SendResult send(Outgoing message);
}
