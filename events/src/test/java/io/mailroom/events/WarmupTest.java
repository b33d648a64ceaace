package io.mailroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WarmupTest {
    private final Warmup ramp = new Warmup(10, 2.0, 60);

    @Test
    void theRateMultipliesByTheFactorAtEachStepUpToTheCap() {
        assertEquals(10, ramp.rateAt(Duration.ZERO, null));
        assertEquals(10, ramp.rateAt(Duration.ofSeconds(59), null));
        assertEquals(20, ramp.rateAt(Duration.ofSeconds(60), null));
        assertEquals(80, ramp.rateAt(Duration.ofSeconds(185), null));
        assertEquals(50, ramp.rateAt(Duration.ofSeconds(185), 50));
        assertEquals(10, ramp.rateAt(Duration.ofSeconds(-5), null), "a clock behind the start stays at the start rate");
    }

    @Test
    void secondsToSendWalkTheRamp() {
        assertEquals(30, ramp.secondsToSend(300, null), 1e-9);
        // 600 in the first step, 1200 in the second, then 100 at 40/s
        assertEquals(122.5, ramp.secondsToSend(1_900, null), 1e-9);
        // capped at 15/s from the second step: 600 + 1500 / 15
        assertEquals(160, ramp.secondsToSend(2_100, 15), 1e-9);
    }

    @Test
    void aCampaignWithoutRampUsesItsRateLimitOrNone() {
        Instant start = Instant.parse("2026-11-28T10:00:00Z");
        CampaignState rampUp = CampaignState.of(1, "n", "s", "f@example.com", null, "b", "text", "smtp", "running",
                null, List.of(1L), 100, Map.of(), 1, start, ramp, start);
        assertEquals(40, rampUp.rateAt(start.plusSeconds(150)));
        CampaignState plain = CampaignState.of(1, "n", "s", "f@example.com", null, "b", "text", "smtp", "running",
                null, List.of(1L), 100, Map.of(), 1, start, null, start);
        assertEquals(100, plain.rateAt(start));
        CampaignState unlimited = CampaignState.of(1, "n", "s", "f@example.com", null, "b", "text", "smtp",
                "running", null, List.of(1L), null, Map.of(), 1, start, null, null);
        assertNull(unlimited.rateAt(start));
    }

    @Test
    void nonsenseRampsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Warmup(0, 2.0, 60));
        assertThrows(IllegalArgumentException.class, () -> new Warmup(10, 0.5, 60));
        assertThrows(IllegalArgumentException.class, () -> new Warmup(10, 2.0, 0));
    }
}
