package io.mailroom.dispatch.ratelimit;

import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Token buckets by key whose rate is a suite-wide limit times this instance's partition share; a bucket follows
 * its limit as the limit or the share changes.
 */
final class SharedBuckets<K> {
    private final Map<K, TokenBucket> buckets;
    private final DoubleSupplier share;

    SharedBuckets(Map<K, TokenBucket> buckets, DoubleSupplier share) {
        this.buckets = buckets;
        this.share = share;
    }

    /** Takes one token of the key's bucket at {@code limit} × share; returns the nanoseconds to wait. */
    long reserve(K key, double limit) {
        double rate = limit * share.getAsDouble();
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(rate, 1));
        if (bucket.rate() != rate) {
            bucket.rate(rate);
        }
        return bucket.reserve();
    }

    /** The key's current instance rate, or null when it has no bucket (yet). */
    Double rate(K key) {
        TokenBucket bucket = buckets.get(key);
        return bucket == null ? null : bucket.rate();
    }
}
