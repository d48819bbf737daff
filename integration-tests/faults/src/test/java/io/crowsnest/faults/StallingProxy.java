package io.crowsnest.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A TCP proxy on loopback between a service and one of its peers. Passing, it copies bytes both
 * ways; stalled, it keeps accepting and reading but forwards and answers nothing — a peer that hangs
 * with its connections open, the worst case for a caller without deadlines; delayed, it forwards
 * every chunk read, in either direction, only after a pause drawn between two bounds — a slow peer
 * or a congested network, which answers, too late. Switching back to passing drops the stalled
 * connections so that callers reconnect; delayed ones are kept (they were never broken).
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final IntSupplier targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stalled;
    private volatile boolean closed;
    /** Pause before each chunk is forwarded, in milliseconds; 0 when passing at full speed. */
    private volatile long delayMin;
    private volatile long delayMax;

    StallingProxy(int port, IntSupplier targetPort) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "stalling-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing is forwarded, in either direction, on any connection. */
    void stall() {
        stalled = true;
    }

    /** From now on every chunk, in either direction, is forwarded after a pause between min and max. */
    void delay(java.time.Duration min, java.time.Duration max) {
        delayMax = max.toMillis();
        delayMin = min.toMillis();
    }

    /** Forwards at full speed again, and at once. */
    void undelay() {
        delayMin = 0;
        delayMax = 0;
    }

    /** Forwards again; connections that were open while stalled are dropped. */
    void pass() {
        undelay();
        stalled = false;
        open.forEach(StallingProxy::closeQuietly);
        open.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                if (stalled) {
                    start(() -> drain(client));
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort.getAsInt());
                } catch (IOException refused) {
                    closeQuietly(client); // the peer is not up: the caller sees a refused connection
                    open.remove(client);
                    continue;
                }
                open.add(upstream);
                start(() -> copy(client, upstream));
                start(() -> copy(upstream, client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (stalled) {
                    drain(from);
                    return;
                }
                pause();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** The delay mode's pause before a chunk is forwarded (none while passing at full speed). */
    private void pause() throws IOException {
        long max = delayMax;
        if (max <= 0) {
            return;
        }
        long min = Math.min(delayMin, max);
        try {
            Thread.sleep(min + java.util.concurrent.ThreadLocalRandom.current().nextLong(max - min + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("proxy stopped");
        }
    }

    /** Reads and discards until the connection is dropped: the peer looks alive and says nothing. */
    private static void drain(Socket socket) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // dropped by pass() or close()
        }
    }

    private static void start(Runnable task) {
        Thread t = new Thread(task, "stalling-proxy-copy");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        pass();
    }
}
