package io.mailroom.dispatch.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A token bucket (GCRA) that grants tokens to queued waiters when they may go, plus a guard on what was really sent:
 * sends completed in the last {@code window} plus sends granted and not finished never exceed rate × window. The
 * guard is what keeps the busiest window at the rate when the time from grant to send varies (database or SMTP
 * stalls, a late timer): spacing the grants alone let a stall release the sends held up behind it in one burst
 * (busiest 10 s windows of 1.01–1.03 R with 16 sends in flight per consumer). Lateness up to {@code tolerance} is
 * caught up so that stalls do not lower the average rate; an idle bucket grants one token at once, never a burst.
 * Hand-written because the library limiters do not fit: Guava's RateLimiter only waits by blocking the thread,
 * Resilience4j's integer permits per refresh period cannot express a fractional share such as 200 × 5/12 msg/s, and
 * neither knows when the work a permit allowed has finished.
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
    private final long windowNanos;
    private final Queue<Waiter> waiting = new ArrayDeque<>();
    private final Deque<Long> completed = new ArrayDeque<>();
    private volatile double ratePerSecond;
    private long nextTokenNanos;
    private int outstanding;
    private long timerAt = Long.MAX_VALUE;

    public TokenBucket(double ratePerSecond, long toleranceNanos, long windowNanos, LongSupplier nanoClock,
            Scheduler scheduler) {
        this.ratePerSecond = ratePerSecond;
        this.toleranceNanos = toleranceNanos;
        this.windowNanos = windowNanos;
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

    /**
     * Calls {@code granted} with the nanoseconds waited once a token is this caller's (at once when one is free). The
     * caller must then call {@link #finished} exactly once.
     */
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

    /** The granted work ended: {@code sent} when it reached the provider (it counts in the window from now). */
    public void finished(boolean sent) {
        synchronized (this) {
            outstanding--;
            if (sent) {
                completed.addLast(nanoClock.getAsLong());
            }
        }
        drain();
    }

    private void fire() {
        synchronized (this) {
            timerAt = Long.MAX_VALUE;
        }
        drain();
    }

    // Grants every waiter whose token is due and fits the window, then arms one timer for the next; grants run
    // outside the lock.
    private void drain() {
        List<Runnable> grants = new ArrayList<>();
        synchronized (this) {
            double rate = ratePerSecond;
            long now = nanoClock.getAsLong();
            while (!completed.isEmpty() && completed.peekFirst() <= now - windowNanos) {
                completed.pollFirst();
            }
            long perWindow = Math.max(1, (long) (rate * windowNanos / 1e9));
            while (!waiting.isEmpty() && rate > 0) {
                if (completed.size() + outstanding >= perWindow) {
                    // the oldest send leaving the window frees a place; a finished grant that sent nothing frees one
                    // too (finished() drains)
                    if (!completed.isEmpty()) {
                        arm(now, completed.peekFirst() + windowNanos + 1);
                    }
                    break;
                }
                long due = Math.max(nextTokenNanos, now - toleranceNanos);
                if (due > now) {
                    arm(now, due);
                    break;
                }
                nextTokenNanos = due + (long) (1_000_000_000L / rate);
                outstanding++;
                Waiter w = waiting.poll();
                grants.add(() -> w.granted().accept(now - w.since()));
            }
        }
        grants.forEach(Runnable::run);
    }

    // One timer for the earliest moment something may change; an earlier need schedules another.
    private void arm(long now, long at) {
        if (at < timerAt) {
            scheduler.schedule(at - now, this::fire);
            timerAt = at;
        }
    }
}
