package io.crowsnest.alertnotification.domain;

/** Channels a customer message goes out on, with their body limits. */
public enum MessageChannel {
    EMAIL(262_144), SMS(1_600), PUSH(4_000);

    private final int maxBody;

    MessageChannel(int maxBody) {
        this.maxBody = maxBody;
    }

    public int maxBody() {
        return maxBody;
    }
}
