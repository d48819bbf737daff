package io.crowsnest.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port on the loopback interface that was free a moment ago. */
public final class FreePort {

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

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
