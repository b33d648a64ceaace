package io.mailroom.dispatch.send;

import java.util.Queue;
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
        taken.decrementAndGet();
        grant();
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
