package io.mailroom.dispatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailroom.events.CampaignState;
import io.mailroom.events.Warmup;

/** The campaign bucket follows the warm-up ramp as the clock moves, capped by the rate limit, times the share. */
class CampaignPacerTest {
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private final ManualTime clock = new ManualTime(START);

    @Test
    void rampDoublesEachStepUntilTheRateLimitAndIsDividedByTheShare() {
        CampaignPacer pacer = new CampaignPacer(clock, () -> 0.5, clock::nanos, clock);
        CampaignState campaign = campaign(new Warmup(2, 2.0, 60), 10);

        pacer.acquire(campaign, w -> { });
        assertThat(pacer.rate(1)).isEqualTo(1.0);
        clock.stall(Duration.ofSeconds(59));
        pacer.acquire(campaign, w -> { });
        assertThat(pacer.rate(1)).as("still the first step").isEqualTo(1.0);
        clock.stall(Duration.ofSeconds(1));
        pacer.acquire(campaign, w -> { });
        assertThat(pacer.rate(1)).isEqualTo(2.0);
        clock.stall(Duration.ofSeconds(60));
        pacer.acquire(campaign, w -> { });
        assertThat(pacer.rate(1)).isEqualTo(4.0);
        clock.stall(Duration.ofSeconds(60));
        pacer.acquire(campaign, w -> { });
        assertThat(pacer.rate(1)).as("16 msg/s capped by the limit of 10, half of it here").isEqualTo(5.0);
    }

    @Test
    void theWaitFollowsTheRampRate() {
        CampaignPacer pacer = new CampaignPacer(clock, () -> 1.0, clock::nanos, clock);
        CampaignState campaign = campaign(new Warmup(1, 10.0, 60), null);

        List<Long> waits = new ArrayList<>();
        pacer.acquire(campaign, waits::add);
        pacer.acquire(campaign, waits::add);
        clock.runUntil(2 * SECOND, 0);
        clock.stall(Duration.ofSeconds(60));
        pacer.acquire(campaign, w -> { });

        assertThat(waits).as("the second token at 1 msg/s").containsExactly(0L, SECOND);
        assertThat(pacer.rate(1)).isEqualTo(10.0);
    }

    @Test
    void campaignWithoutLimitOrRampIsNotPaced() {
        CampaignPacer pacer = new CampaignPacer(clock, () -> 1.0, clock::nanos, clock);
        CampaignState campaign = campaign(null, null);

        List<Long> waits = new ArrayList<>();
        pacer.acquire(campaign, waits::add);
        pacer.acquire(campaign, waits::add);

        assertThat(waits).containsExactly(0L, 0L);
        assertThat(pacer.rate(1)).isNull();
    }

    private static CampaignState campaign(Warmup warmup, Integer rateLimit) {
        return CampaignState.of(1, "c", "s", "f@example.com", null, "b", "html", "smtp", "running", null, List.of(1L),
                rateLimit, null, 1, START, warmup, START);
    }
}
