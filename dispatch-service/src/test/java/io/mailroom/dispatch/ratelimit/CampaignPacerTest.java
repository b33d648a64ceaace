package io.mailroom.dispatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailroom.events.CampaignState;
import io.mailroom.events.Warmup;

/** The campaign bucket follows the warm-up ramp as the clock moves, capped by the rate limit, times the share. */
class CampaignPacerTest {
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = START;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void rampDoublesEachStepUntilTheRateLimitAndIsDividedByTheShare() {
        CampaignPacer pacer = new CampaignPacer(clock, () -> 0.5);
        CampaignState campaign = campaign(new Warmup(2, 2.0, 60), 10);

        pacer.reserve(campaign);
        assertThat(pacer.rate(1)).isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(59));
        pacer.reserve(campaign);
        assertThat(pacer.rate(1)).as("still the first step").isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(1));
        pacer.reserve(campaign);
        assertThat(pacer.rate(1)).isEqualTo(2.0);
        clock.advance(Duration.ofSeconds(60));
        pacer.reserve(campaign);
        assertThat(pacer.rate(1)).isEqualTo(4.0);
        clock.advance(Duration.ofSeconds(60));
        pacer.reserve(campaign);
        assertThat(pacer.rate(1)).as("16 msg/s capped by the limit of 10, half of it here").isEqualTo(5.0);
    }

    @Test
    void theWaitFollowsTheRampRate() {
        CampaignPacer pacer = new CampaignPacer(clock, () -> 1.0);
        CampaignState campaign = campaign(new Warmup(1, 10.0, 60), null);

        pacer.reserve(campaign);
        long atOnePerSecond = pacer.reserve(campaign);
        clock.advance(Duration.ofSeconds(60));
        pacer.reserve(campaign);

        assertThat(atOnePerSecond).isBetween(SECOND - SECOND / 10, SECOND);
        assertThat(pacer.rate(1)).isEqualTo(10.0);
    }

    @Test
    void campaignWithoutLimitOrRampIsNotPaced() {
        CampaignPacer pacer = new CampaignPacer(clock, () -> 1.0);
        CampaignState campaign = campaign(null, null);

        assertThat(List.of(pacer.reserve(campaign), pacer.reserve(campaign))).containsOnly(0L);
        assertThat(pacer.rate(1)).isNull();
    }

    private static CampaignState campaign(Warmup warmup, Integer rateLimit) {
        return CampaignState.of(1, "c", "s", "f@example.com", null, "b", "html", "smtp", "running", null, List.of(1L),
                rateLimit, null, 1, START, warmup, START);
    }
}
