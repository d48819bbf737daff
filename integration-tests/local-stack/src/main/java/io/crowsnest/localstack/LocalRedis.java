package io.crowsnest.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process: the one on PATH when there is one, otherwise the Linux/macOS build
 * shipped inside the embedded-redis jar.
 */
public final class LocalRedis implements AutoCloseable {

    private final List<String> command;
    private final Path logFile;
    private final int port;
    private Process process;

    private LocalRedis(List<String> command, Path logFile, int port) {
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.port = port;
    }

    /**
     * Starts redis-server on {@code port}. With a data directory, the append-only file is on so
     * that data survives a restart; without one, nothing is persisted.
     */
    public static LocalRedis start(int port, Path dataDir, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--protected-mode", "no", "--daemonize", "no"));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            command.addAll(List.of("--dir", dataDir.toAbsolutePath().toString(), "--appendonly", "yes",
                    "--save", ""));
        } else {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        LocalRedis redis = new LocalRedis(command, logFile, port);
        redis.launch();
        return redis;
    }

    /** Starts redis-server with extra arguments (e.g. cluster mode) and its files in {@code dir}. */
    static LocalRedis startWith(int port, Path dir, Path logFile, List<String> extraArgs) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--protected-mode", "no", "--daemonize", "no", "--dir",
                dir.toAbsolutePath().toString(), "--save", "", "--appendonly", "no"));
        command.addAll(extraArgs);
        LocalRedis redis = new LocalRedis(command, logFile, port);
        redis.launch();
        return redis;
    }

    private synchronized void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (logFile != null) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        process = builder.start();
        awaitPong(Duration.ofSeconds(20));
    }

    /** Starts the server again after {@link #close()}, on the same port with the same settings. */
    public void restart() throws IOException {
        close();
        launch();
    }

    /**
     * Starts the server again after {@link #close()} on the same port with the same settings, keeping
     * what its append-only file holds (nothing without a data directory); returns once it answers PING.
     */
    public void resume() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        launch();
    }

    /** The redis-server binary: from PATH if present, else the one shipped in embedded-redis. */
    public static String executable() throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File candidate = new File(dir, "redis-server");
                if (candidate.canExecute()) {
                    return candidate.getAbsolutePath();
                }
            }
        }
        File shipped = ExecutableProvider.newJarResourceProvider().get();
        shipped.setExecutable(true);
        return shipped.getAbsolutePath();
    }

    private void awaitPong(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with code " + process.exitValue() + " on port " + port
                        + logTail());
            }
            if (ping()) {
                return;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + port + " within " + timeout);
    }

    /**
     * The last lines of the server's log, to say why it exited (a port another process took shows as
     * "Address already in use", which a stack on picked ports takes as a reason to pick others).
     */
    private String logTail() {
        if (logFile == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile);
            return "; last log lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** True when the server answers PING with PONG. */
    public boolean ping() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        ProcessControl.stop(process, Duration.ofSeconds(10));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
