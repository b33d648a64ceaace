package io.mailroom.dispatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The reservation arithmetic of the token bucket (no clock waits: it only computes how long to wait). */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void reservationsAreSpacedByTheRateAfterTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 1);

        long[] waits = LongStream.range(0, 101).map(i -> bucket.reserve()).toArray();

        assertThat(waits[0]).isZero();
        // the 101st send at 100/s is due one second after the first
        assertThat(waits[100]).isBetween(SECOND - SECOND / 100, SECOND);
    }

    @Test
    void aLowerRateTakesEffectForTheNextReservations() {
        TokenBucket bucket = new TokenBucket(1000, 1);
        bucket.reserve();
        bucket.rate(10);

        bucket.reserve();
        long third = bucket.reserve();

        assertThat(third).isGreaterThan(SECOND / 10 - SECOND / 100);
    }

    @Test
    void zeroRateNeverGrantsAToken() {
        assertThat(new TokenBucket(0, 1).reserve()).isEqualTo(Long.MAX_VALUE);
    }
}
