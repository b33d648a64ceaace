package io.mailroom.dispatch.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A reservation-based token bucket (GCRA): {@link #reserve()} never blocks, it returns how long the caller must wait.
 * Hand-written because the library limiters do not fit: Guava's RateLimiter only waits by blocking the thread, and
 * Resilience4j's integer permits per refresh period cannot express a fractional share such as 200 × 5/12 msg/s.
 */
public final class TokenBucket {
    private final AtomicLong nextFreeNanos = new AtomicLong(System.nanoTime());
    private volatile double ratePerSecond;
    private final double burst;

    /** @param burst how many sends may go at once after an idle period (at least 1) */
    public TokenBucket(double ratePerSecond, double burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
    }

    public void rate(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    public double rate() {
        return ratePerSecond;
    }

    /** Takes one token; returns the nanoseconds to wait before using it (0 when available now). */
    public long reserve() {
        double rate = ratePerSecond;
        if (rate <= 0) {
            return Long.MAX_VALUE;
        }
        long interval = (long) (1_000_000_000L / rate);
        long now = System.nanoTime();
        long earliest = now - (long) ((burst - 1) * interval);
        while (true) {
            long next = nextFreeNanos.get();
            long slot = Math.max(next, earliest);
            if (nextFreeNanos.compareAndSet(next, slot + interval)) {
                return Math.max(0, slot - now);
            }
        }
    }
}
