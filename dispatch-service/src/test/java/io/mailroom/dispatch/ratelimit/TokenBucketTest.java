package io.mailroom.dispatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** When queued waiters get their tokens, on a hand-moved clock and timer. */
class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final long TOLERANCE = 25 * MS;

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T10:00:00Z"));
    private final List<Long> grants = new ArrayList<>();

    @Test
    void waitersAreGrantedOneIntervalApart() {
        TokenBucket bucket = bucket(100);
        queue(bucket, 101);

        time.runUntil(2 * SECOND, 0);

        assertThat(grants).hasSize(101);
        assertThat(grants.get(0)).isZero();
        assertThat(grants.get(100)).as("the 101st token at 100/s, one second after the first").isEqualTo(SECOND);
    }

    /**
     * The regression of the busiest-window figure: with many sends queued, a timer that fires 500 ms late must not
     * release the 50 overdue tokens at once (reserving future slots up front did exactly that).
     */
    @Test
    void aStalledTimerLosesTheTimeInsteadOfBurstingOverdueTokens() {
        TokenBucket bucket = bucket(100);
        queue(bucket, 300);
        time.runUntil(500 * MS, 0);
        int beforeStall = grants.size();

        time.stall(Duration.ofMillis(500));
        time.runUntil(3 * SECOND, 0);

        long stallEnd = SECOND;
        long burst = grants.stream().filter(t -> t == stallEnd).count();
        assertThat(beforeStall).isEqualTo(51);
        assertThat(burst).as("tokens released together when the late timer fired")
                .isLessThanOrEqualTo(1 + TOLERANCE / (10 * MS));
        assertThat(maxInWindow(SECOND)).as("most tokens in any 1 s window at 100/s")
                .isLessThanOrEqualTo(101 + TOLERANCE / (10 * MS));
    }

    @Test
    void timerLatenessWithinTheToleranceDoesNotLowerTheRate() {
        TokenBucket bucket = bucket(100);
        queue(bucket, 101);

        time.runUntil(3 * SECOND, 3 * MS);

        assertThat(grants).hasSize(101);
        assertThat(grants.get(100) - grants.get(0)).isBetween(SECOND, SECOND + 3 * MS);
    }

    @Test
    void anIdleBucketGrantsOneTokenAtOnceNotABurst() {
        TokenBucket bucket = bucket(100);
        queue(bucket, 1);
        time.runUntil(10 * SECOND, 0);

        queue(bucket, 5);

        assertThat(grants).hasSize(2);
        time.runUntil(11 * SECOND, 0);
        assertThat(grants.subList(1, 6)).containsExactly(10 * SECOND, 10 * SECOND + 10 * MS,
                10 * SECOND + 20 * MS, 10 * SECOND + 30 * MS, 10 * SECOND + 40 * MS);
    }

    @Test
    void zeroRateGrantsNothingUntilTheRateIsRaised() {
        TokenBucket bucket = bucket(0);
        queue(bucket, 2);
        time.runUntil(SECOND, 0);
        assertThat(grants).isEmpty();

        bucket.rate(10);
        time.runUntil(2 * SECOND, 0);

        assertThat(grants).containsExactly(SECOND, SECOND + 100 * MS);
    }

    private TokenBucket bucket(double rate) {
        return new TokenBucket(rate, TOLERANCE, time::nanos, time);
    }

    private void queue(TokenBucket bucket, int n) {
        IntStream.range(0, n).forEach(i -> bucket.acquire(waited -> grants.add(time.nanos())));
    }

    private long maxInWindow(long window) {
        int best = 0;
        for (int i = 0, j = 0; i < grants.size(); i++) {
            while (j < grants.size() && grants.get(j) < grants.get(i) + window) {
                j++;
            }
            best = Math.max(best, j - i);
        }
        return best;
    }
}
