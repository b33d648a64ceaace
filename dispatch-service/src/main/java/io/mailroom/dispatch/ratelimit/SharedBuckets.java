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
    /** Timer lateness a bucket catches up (see {@link TokenBucket}): 25 ms is 0.25 % of a 10 s window. */
    static final long TOLERANCE_NANOS = 25_000_000L;

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

    /** Takes one token of the key's bucket at {@code limit} × share; {@code granted} gets the nanoseconds waited. */
    void acquire(K key, double limit, LongConsumer granted) {
        double rate = limit * share.getAsDouble();
        TokenBucket bucket = buckets.computeIfAbsent(key,
                k -> new TokenBucket(rate, TOLERANCE_NANOS, nanoClock, scheduler));
        if (bucket.rate() != rate) {
            bucket.rate(rate);
        }
        bucket.acquire(granted);
    }

    /** The key's current instance rate, or null when it has no bucket (yet). */
    Double rate(K key) {
        TokenBucket bucket = buckets.get(key);
        return bucket == null ? null : bucket.rate();
    }
}
