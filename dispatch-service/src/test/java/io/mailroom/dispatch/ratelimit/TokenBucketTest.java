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
    private static final long WINDOW = 10 * SECOND;

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

    /**
     * Sends held up between grant and provider (a database stall) and then sent together must not make any window
     * busier than rate × window, however much lateness the bucket would catch up.
     */
    @Test
    void sendsDelayedAfterTheirGrantNeverMakeAWindowBusierThanTheRate() {
        TokenBucket bucket = new TokenBucket(10, 2 * SECOND, WINDOW, time::nanos, time);
        List<Long> sent = new ArrayList<>();
        IntStream.range(0, 400).forEach(i -> bucket.acquire(waited -> {
            long now = time.nanos();
            // grants between 2 s and 5 s stall until 5 s, the rest reach the provider 10 ms after their grant
            long delay = now >= 2 * SECOND && now < 5 * SECOND ? 5 * SECOND - now : 10 * MS;
            time.schedule(delay, () -> {
                sent.add(time.nanos());
                bucket.finished(true);
            });
        }));

        time.runUntil(60 * SECOND, 0);

        grants.addAll(sent);
        assertThat(maxInWindow(WINDOW)).as("most sends in any 10 s window at 10/s").isLessThanOrEqualTo(100);
        assertThat(sent).hasSize(400);
        assertThat(sent.get(399)).as("400 sends at 10/s take 40 s: the stall's time was caught up")
                .isLessThan(41 * SECOND);
    }

    @Test
    void aGrantFinishedWithoutSendingFreesItsPlaceAtOnce() {
        TokenBucket bucket = new TokenBucket(1, 0, WINDOW, time::nanos, time);
        queue(bucket, 11);
        time.runUntil(10 * SECOND - MS, 0);
        assertThat(grants).as("10 places in a 10 s window at 1/s, all outstanding").hasSize(10);

        time.runUntil(20 * SECOND, 0);
        assertThat(grants).as("none finished: the window stays full").hasSize(10);
        bucket.finished(false);

        assertThat(grants).hasSize(11);
    }

    private TokenBucket bucket(double rate) {
        return new TokenBucket(rate, TOLERANCE, WINDOW, time::nanos, time);
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
