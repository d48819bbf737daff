package io.crowsnest.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a running stack leaves on disk so that the next start can clean up after a crash: the pid of
 * the launcher and of every child it started. A stale file from a dead launcher means its children
 * may still hold ports: they are stopped before anything new starts.
 */
final class StackState {

    private final Path pidFile;

    StackState(Path stateDir) {
        this.pidFile = stateDir.resolve("run").resolve("stack.pids");
    }

    /**
     * Refuses to start beside a live launcher of the same state directory and stops leftovers of a
     * dead one.
     */
    void reclaim(java.io.PrintStream out) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (!lines.isEmpty()) {
            Optional<ProcessHandle> launcher = live(lines.get(0));
            if (launcher.isPresent() && launcher.get().pid() != ProcessHandle.current().pid()) {
                throw new IOException("a Crowsnest local stack is already running (launcher pid "
                        + launcher.get().pid() + "); stop it with Ctrl-C or `kill " + launcher.get().pid() + "`");
            }
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            Optional<ProcessHandle> leftover = live(line);
            if (leftover.isPresent()) {
                out.println("stopping leftover process " + leftover.get().pid() + " of a previous run");
                ProcessControl.stop(leftover.get(), Duration.ofSeconds(10));
            }
        }
        Files.delete(pidFile);
    }

    /** Records the launcher and its children; rewritten whenever a child starts. */
    void record(List<Long> childPids) throws IOException {
        Files.createDirectories(pidFile.getParent());
        List<String> lines = new ArrayList<>();
        lines.add(Long.toString(ProcessHandle.current().pid()));
        childPids.forEach(pid -> lines.add(Long.toString(pid)));
        Files.write(pidFile, lines);
    }

    void clear() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // Nothing to do: the next start reclaims a stale file anyway.
        }
    }

    /** A live process with that pid that is one of ours (a JVM or redis-server), if any. */
    private static Optional<ProcessHandle> live(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid.trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(StackState::ours);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A JVM or a Redis server. Debian installs redis-server as a link to redis-check-rdb, so the
     * executable alone does not say "redis-server"; the command line does.
     */
    private static boolean ours(ProcessHandle process) {
        String command = process.info().command().orElse("");
        String line = process.info().commandLine().orElse(command);
        return command.endsWith("java") || command.contains("redis") || line.contains("redis-server");
    }

    /** Fails with a clear message when a port the stack needs is taken by something else. */
    static void requireFree(String what, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + port + " (" + what + ") is already in use; stop whatever holds it"
                    + " (e.g. `ss -ltnp 'sport = :" + port + "'`) or choose other ports", e);
        }
    }
}
