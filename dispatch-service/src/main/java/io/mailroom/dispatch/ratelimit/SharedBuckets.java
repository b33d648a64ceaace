package io.mailroom.dispatch.ratelimit;

import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Token buckets by key whose rate is a suite-wide limit times this instance's partition share; a bucket follows
 * its limit as the limit or the share changes.
 */
final class SharedBuckets<K> {
    /** Lateness a bucket catches up (see {@link TokenBucket}); the window guard keeps the catching up within R. */
    static final long TOLERANCE_NANOS = 500_000_000L;
    /**
     * The guarded window: 10 s (the acceptance's) plus a margin, as a send is counted a moment before its outcome's
     * timestamp is taken.
     */
    static final long WINDOW_NANOS = 10_050_000_000L;

    private final Map<K, TokenBucket> buckets;
    private final DoubleSupplier share;
    private final LongSupplier nanoClock;
    private final TokenBucket.Scheduler scheduler;

    SharedBuckets(Map<K, TokenBucket> buckets, DoubleSupplier share, LongSupplier nanoClock,
            TokenBucket.Scheduler scheduler) {
        this.buckets = buckets;
        this.share = share;
        this.nanoClock = nanoClock;
        this.scheduler = scheduler;
    }

    /**
     * Takes one token of the key's bucket at {@code limit} × share; {@code granted} gets the nanoseconds waited.
     * Returns the bucket, to be told when the granted send {@link TokenBucket#finished finished}.
     */
    TokenBucket acquire(K key, double limit, LongConsumer granted) {
        double rate = limit * share.getAsDouble();
        TokenBucket bucket = buckets.computeIfAbsent(key,
                k -> new TokenBucket(rate, TOLERANCE_NANOS, WINDOW_NANOS, nanoClock, scheduler));
        if (bucket.rate() != rate) {
            bucket.rate(rate);
        }
        bucket.acquire(granted);
        return bucket;
    }

    /** The key's current instance rate, or null when it has no bucket (yet). */
    Double rate(K key) {
        TokenBucket bucket = buckets.get(key);
        return bucket == null ? null : bucket.rate();
    }
}
