package io.mailroom.dispatch.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A token bucket (GCRA) that grants tokens to queued waiters at the moment they may go, not ahead of time: the next
 * token's time is computed when it is handed over, so a stalled timer or event loop loses that time instead of
 * releasing the overdue sends in a burst. (Reserving future slots up front, as this class did before, let a stall of
 * S seconds with many sends in flight release rate × S sends at once: busiest 10 s windows of 1.03 R.) Lateness up
 * to {@code tolerance} is caught up so that timer jitter does not lower the rate; an idle bucket grants one token at
 * once, never a burst. Hand-written because the library limiters do not fit: Guava's RateLimiter only waits by
 * blocking the thread, and Resilience4j's integer permits per refresh period cannot express a fractional share such
 * as 200 × 5/12 msg/s.
 */
public final class TokenBucket {
    /** Runs a task after a delay; production uses Mutiny's scheduler, tests a manual one. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(long delayNanos, Runnable task);
    }

    /** A waiter and when it asked. */
    private record Waiter(LongConsumer granted, long since) {}

    private final LongSupplier nanoClock;
    private final Scheduler scheduler;
    private final long toleranceNanos;
    private final Queue<Waiter> waiting = new ArrayDeque<>();
    private volatile double ratePerSecond;
    private long nextTokenNanos;
    private boolean timerArmed;

    public TokenBucket(double ratePerSecond, long toleranceNanos, LongSupplier nanoClock, Scheduler scheduler) {
        this.ratePerSecond = ratePerSecond;
        this.toleranceNanos = toleranceNanos;
        this.nanoClock = nanoClock;
        this.scheduler = scheduler;
        this.nextTokenNanos = nanoClock.getAsLong();
    }

    public void rate(double ratePerSecond) {
        synchronized (this) {
            if (this.ratePerSecond <= 0) {
                // stopped until now: like an idle bucket, no catching up
                nextTokenNanos = Math.max(nextTokenNanos, nanoClock.getAsLong());
            }
            this.ratePerSecond = ratePerSecond;
        }
        drain();
    }

    public double rate() {
        return ratePerSecond;
    }

    /** Calls {@code granted} with the nanoseconds waited once a token is this caller's (at once when one is free). */
    public void acquire(LongConsumer granted) {
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (waiting.isEmpty() && nextTokenNanos < now) {
                // idle: no catching up on time nobody asked for
                nextTokenNanos = now;
            }
            waiting.add(new Waiter(granted, now));
        }
        drain();
    }

    /** How many callers wait for a token. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void fire() {
        synchronized (this) {
            timerArmed = false;
        }
        drain();
    }

    // Grants every waiter whose token is due now, then arms one timer for the next; grants run outside the lock.
    private void drain() {
        List<Runnable> grants = new ArrayList<>();
        synchronized (this) {
            double rate = ratePerSecond;
            long now = nanoClock.getAsLong();
            while (!waiting.isEmpty() && rate > 0) {
                long due = Math.max(nextTokenNanos, now - toleranceNanos);
                if (due > now) {
                    if (!timerArmed) {
                        scheduler.schedule(due - now, this::fire);
                        timerArmed = true;
                    }
                    break;
                }
                nextTokenNanos = due + (long) (1_000_000_000L / rate);
                Waiter w = waiting.poll();
                grants.add(() -> w.granted().accept(now - w.since()));
            }
        }
        grants.forEach(Runnable::run);
    }
}
