package io.crowsnest.platform.grpc;

import java.util.Iterator;
import java.util.concurrent.Callable;

import io.grpc.Context;

/**
 * Reads server-streaming calls one after the other (a follower's attempts) so that another thread
 * can stop them: {@link #close} cancels the call being read and keeps any later one from opening.
 * The plumbing shared by the platform's stream followers.
 */
public final class StreamReader implements AutoCloseable {

    /** What the reader does with one message; throw to end the read with that error. */
    @FunctionalInterface
    public interface Each<T> {
        void accept(T message) throws Exception;
    }

    private volatile boolean closed;
    private volatile Context.CancellableContext call;

    /** Whether {@link #close} was called: a read ending because of it is no failure. */
    public boolean closed() {
        return closed;
    }

    /**
     * Opens the call in a cancellable context and hands each message to {@code each} until the
     * stream ends or the reader is closed; the call's error, or the handler's, is thrown, and the
     * call is cancelled whichever way the read ends.
     */
    public <T> void read(Callable<Iterator<T>> open, Each<T> each) throws Exception {
        Context.CancellableContext context = Context.current().withCancellation();
        call = context;
        try {
            if (closed) {
                return;
            }
            Iterator<T> stream = context.call(open);
            while (!closed && stream.hasNext()) {
                each.accept(stream.next());
            }
        } finally {
            context.cancel(null);
        }
    }

    /** Cancels the call being read, if any; no later read opens one. */
    @Override
    public void close() {
        closed = true;
        Context.CancellableContext current = call;
        if (current != null) {
            current.cancel(null);
        }
    }
}
