package io.crowsnest.decisioning.client;

import java.util.concurrent.CompletableFuture;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

/**
 * gRPC's listenable futures as CompletableFutures, so that calls in flight can be combined; a failed
 * call fails the future with a {@link PeerFailure}.
 */
final class Futures {

    private Futures() {
    }

    static <T> CompletableFuture<T> of(ListenableFuture<T> call) {
        CompletableFuture<T> out = new CompletableFuture<>();
        com.google.common.util.concurrent.Futures.addCallback(call, new FutureCallback<>() {
            @Override
            public void onSuccess(T result) {
                out.complete(result);
            }

            @Override
            public void onFailure(Throwable t) {
                out.completeExceptionally(PeerFailure.of(t));
            }
        }, MoreExecutors.directExecutor());
        return out;
    }
}
