package io.mailroom.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A campaign's warm-up ramp: it starts at {@code startRate} msg/s and multiplies the rate by {@code factor} every
 * {@code stepSeconds} after the campaign started, up to the campaign's own rate limit (if any). Shared because
 * dispatch enforces it and campaign-service's preflight estimates the duration from it.
 */
public record Warmup(int startRate, double factor, long stepSeconds) {

    public Warmup {
        if (startRate < 1 || factor < 1.0 || stepSeconds < 1) {
            throw new IllegalArgumentException("warm-up needs startRate >= 1, factor >= 1, stepSeconds >= 1");
        }
    }

    /** The ramp's rate in msg/s at {@code elapsed} after the start, capped by {@code cap} when it is not null. */
    public double rateAt(Duration elapsed, Integer cap) {
        long steps = Math.max(0, elapsed.toSeconds()) / stepSeconds;
        double rate = startRate * Math.pow(factor, steps);
        return cap == null ? rate : Math.min(rate, cap);
    }

    /** The rate in force at {@code now} for a campaign started at {@code startedAt} (the start rate before that). */
    public double rateAt(Instant startedAt, Instant now, Integer cap) {
        return rateAt(startedAt == null ? Duration.ZERO : Duration.between(startedAt, now), cap);
    }

    /**
     * Seconds needed to send {@code count} mails along the ramp (rate capped by {@code cap}), stepping through it
     * one step at a time — at most a few hundred steps before the cap or the count is reached.
     */
    public double secondsToSend(long count, Integer cap) {
        double remaining = count;
        double seconds = 0;
        for (long step = 0; remaining > 0; step++) {
            double rate = rateAt(Duration.ofSeconds(step * stepSeconds), cap);
            boolean capped = cap != null && rate >= cap;
            double inStep = rate * stepSeconds;
            if (capped || inStep >= remaining || step > 10_000) {
                return seconds + remaining / rate;
            }
            remaining -= inStep;
            seconds += stepSeconds;
        }
        return seconds;
    }
}
