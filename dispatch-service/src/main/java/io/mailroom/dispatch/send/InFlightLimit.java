package io.mailroom.dispatch.send;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A non-blocking counting semaphore: {@link #acquire()} completes once fewer than {@code max} permits are out.
 * Hand-written because Mutiny has none and {@code java.util.concurrent.Semaphore} would block the event loop.
 */
final class InFlightLimit {
    private final int max;
    private final AtomicInteger taken = new AtomicInteger();
    private final Queue<UniEmitter<? super Void>> waiting = new ConcurrentLinkedQueue<>();
    private volatile CompletableFuture<Void> idle;

    InFlightLimit(int max) {
        this.max = Math.max(1, max);
    }

    Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(emitter);
            grant();
        });
    }

    void release() {
        if (taken.decrementAndGet() == 0 && idle != null) {
            idle.complete(null);
        }
        grant();
    }

    /** Completes once no permit is out (at once if none is). */
    CompletableFuture<Void> whenIdle() {
        CompletableFuture<Void> future = new CompletableFuture<>();
        idle = future;
        if (taken.get() == 0) {
            future.complete(null);
        }
        return future;
    }

    int inUse() {
        return taken.get();
    }

    // Hands permits to waiters while some are free; a lost race puts the permit back and tries again.
    private void grant() {
        while (!waiting.isEmpty()) {
            int now = taken.get();
            if (now >= max) {
                return;
            }
            if (!taken.compareAndSet(now, now + 1)) {
                continue;
            }
            UniEmitter<? super Void> next = waiting.poll();
            if (next == null) {
                taken.decrementAndGet();
                continue;
            }
            next.complete(null);
        }
    }
}
