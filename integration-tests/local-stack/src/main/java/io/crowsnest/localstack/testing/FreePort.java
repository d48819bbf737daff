package io.crowsnest.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;

/**
 * TCP ports on the loopback interface that were free a moment ago, and a local stack started on
 * such ports (picked again while one was taken before the stack bound it).
 */
public final class FreePort {

    /** How many sets of ports {@link #startStack} tries. */
    static final int STACK_ATTEMPTS = 4;

    /** The lowest port {@link #pick} picks: above the ports make run and the end-to-end tests use. */
    private static final int LOWEST = 20_000;

    private FreePort() {
    }

    /**
     * A port free a moment ago whose Redis Cluster bus port (the port + 10000) was free too: a
     * cluster node listens on both, and an ephemeral port's bus port may well be taken.
     */
    public static int pickWithBusPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = pick();
            if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no port with a free bus port (+10000) found"));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port free a moment ago, below the kernel's ephemeral range (and 200 below it, as a stack
     * takes ports above its base ones, Keycloak 100 above): the kernel hands ephemeral ports to
     * outgoing connections, so a port picked from that range may be taken by any connection before
     * the server that was to listen on it binds it (a fault-suite start once lost a service's HTTP
     * port so). Falls back to a port the kernel picks when the range leaves no room below it.
     */
    public static int pick() {
        int high = ephemeralLow() - 200;
        if (high - LOWEST > 1_000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
                if (isFree(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of the kernel's ephemeral range (Linux; the common default elsewhere). */
    static int ephemeralLow() {
        try {
            // read line by line: a /proc file reports size 0, which Files.readString takes at its word
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /**
     * A set of ports for a local stack, every one of them free a moment ago and none shared by two
     * of the stack's ranges ({@link StackPorts#all}): four ports picked apart could otherwise overlap,
     * and the start then failed on its own ports and started again elsewhere.
     */
    public static StackPorts stackPorts() {
        StackPorts ports = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            ports = new StackPorts(pick() - 1, pick() - 1, pick(), pick());
            List<Integer> all = ports.all();
            if (Set.copyOf(all).size() == all.size() && all.stream().allMatch(p -> p <= 65_535 && isFree(p))) {
                return ports;
            }
        }
        return ports;
    }

    /**
     * Starts a local stack on ports picked free: {@code options} makes the stack's options for a
     * set of ports; while a port was taken before the stack bound it, another set is picked (up to
     * {@value #STACK_ATTEMPTS} sets). Any other failure, or taken ports every time, fails the start
     * naming {@code what} did not start.
     */
    public static LocalStack startStack(Function<StackPorts, LocalStack.Options> options, String what) {
        return startStack(options, Map.of(), what);
    }

    /**
     * As {@link #startStack(Function, String)}, with environment added to single services
     * ({@code serviceEnv} by service name), e.g. to point one service at a store of the test's own.
     */
    public static LocalStack startStack(Function<StackPorts, LocalStack.Options> options,
            Map<String, Map<String, String>> serviceEnv, String what) {
        IOException last = null;
        for (int attempt = 0; attempt < STACK_ATTEMPTS; attempt++) {
            try {
                return LocalStack.start(options.apply(stackPorts()), serviceEnv, System.out);
            } catch (IOException e) {
                last = e;
                System.out.printf("%s did not start on these ports: %s%n", what, e.getMessage());
                if (!portTaken(e)) {
                    break;
                }
            }
        }
        throw new UncheckedIOException(what + " did not start (are they built?): "
                + (last == null ? "no attempt" : last.getMessage()), last);
    }

    /**
     * Whether a start failed because a port was taken between picking it and binding it: by the
     * stack's own check, or by a service or store that exited naming a port in use (its log tail
     * is part of the message).
     */
    static boolean portTaken(IOException failure) {
        String message = failure.getMessage();
        return message != null && (message.contains("already in use") || message.contains("already bound")
                || message.contains("seems to be in use") || message.contains("BindException"));
    }
}
