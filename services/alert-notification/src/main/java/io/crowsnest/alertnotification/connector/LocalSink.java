package io.crowsnest.alertnotification.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/**
 * Writes each message to {@code <directory>/<delivery-id>.txt}, headers then body, where a developer
 * can read it. The file is written once (to a temporary file, then moved into place): a retried
 * send of the same delivery finds it and writes nothing.
 */
public final class LocalSink implements Connector {

    private final Path directory;

    public LocalSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "local-sink";
    }

    @Override
    public SendResult send(Outgoing m) {
        Path file = file(m.deliveryId());
        if (Files.exists(file)) {
            return new SendResult.Accepted("sink-" + m.deliveryId());
        }
        String text = "Delivery: " + m.deliveryId() + "\nChannel: " + m.channel() + "\nTo: " + m.address()
                + (m.message().subject().isEmpty() ? "" : "\nSubject: " + m.message().subject())
                + "\nContent-Type: " + m.message().contentType()
                + (m.campaignId().isEmpty() ? "" : "\nCampaign: " + m.campaignId()) + "\n\n" + m.message().body() + "\n";
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, m.deliveryId(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return new SendResult.Accepted("sink-" + m.deliveryId());
        } catch (IOException e) {
            return new SendResult.Unavailable("the sink directory cannot be written: " + e.getMessage());
        }
    }

    public Path file(String deliveryId) {
        return directory.resolve(deliveryId + ".txt");
    }

    /** Deletes the messages of erased deliveries. */
    public void forget(Collection<String> deliveryIds) throws IOException {
        for (String id : deliveryIds) {
            Files.deleteIfExists(file(id));
        }
    }
}
