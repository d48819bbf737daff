package io.crowsnest.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;

/** The fault suite's local stacks: some services on free ports, their state under target/, and channels to them. */
final class FaultStack {

    private FaultStack() {
    }

    /**
     * Starts {@code services} with their state in target/{@code stateDir}, from empty stores;
     * {@code durable} keeps the stores' data in files (so that a store can be restarted without
     * losing it). {@code serviceEnv} adds environment to single services.
     */
    static LocalStack start(String stateDir, boolean durable, Set<String> services,
            UnaryOperator<LocalStack.Options> tune, Map<String, Map<String, String>> serviceEnv) throws IOException {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        Path state = Path.of("target", stateDir).toAbsolutePath();
        deleteRecursively(state.resolve("data"));
        return FreePort.startStack(ports -> tune.apply(LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(state, durable).withOnly(services)), serviceEnv, String.join(", ", services));
    }

    /** A channel to a service of the stack, as the suite's callers use. */
    static ManagedChannel channel(LocalStack stack, String service) {
        return SignedChannels.to(stack.grpcPort(service));
    }

    /** Closes the channels, then stops the stack (either may be null: a start that failed). */
    static void stop(LocalStack stack, ManagedChannel... channels) {
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Deletes a directory with everything in it: every run starts from empty stores, not an earlier run's files. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
