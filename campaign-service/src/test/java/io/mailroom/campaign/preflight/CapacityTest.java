package io.mailroom.campaign.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailroom.campaign.ses.SesQuota;
import io.mailroom.events.Warmup;

class CapacityTest {

    @Test
    void theRemainingQuotaIsTheDailyMaximumMinusWhatWasSentAndMoreSendableThanThatBlocks() {
        SesQuota quota = SesQuota.of(200, 150, 14);
        assertEquals(50L, quota.remaining());
        assertTrue(Capacity.quotaWarnings(quota, 50).isEmpty());

        List<Warning> warnings = Capacity.quotaWarnings(quota, 51);
        assertEquals(1, warnings.size());
        Warning w = warnings.get(0);
        assertEquals(Warning.SES_QUOTA_EXCEEDED, w.code());
        assertTrue(w.blocking());
        assertTrue(w.message().contains("51 sendable") && w.message().contains("50 left"), w.message());
    }

    @Test
    void anOverdrawnQuotaLeavesNothingAndAnUnlimitedOneNeverWarns() {
        assertEquals(0L, SesQuota.of(200, 230, 14).remaining());
        SesQuota unlimited = SesQuota.of(-1, 5_000, 14);
        assertNull(unlimited.remaining());
        assertFalse(unlimited.exceededBy(10_000_000));
        assertTrue(Capacity.quotaWarnings(unlimited, 10_000_000).isEmpty());
    }

    @Test
    void anUnknownQuotaWarnsWithoutBlockingAndCarriesTheError() {
        List<Warning> warnings = Capacity.quotaWarnings(SesQuota.unknown("connection refused"), 10);
        assertEquals(1, warnings.size());
        assertEquals(Warning.SES_QUOTA_UNKNOWN, warnings.get(0).code());
        assertFalse(warnings.get(0).blocking());
        assertTrue(warnings.get(0).message().contains("quota unknown: connection refused"));
        assertTrue(Capacity.quotaWarnings(null, 10).isEmpty(), "no SES, no quota warning");
    }

    @Test
    void theEstimateUsesTheRateLimitElseSesMaxSendRateElseTheDefault() {
        SesQuota quota = SesQuota.of(50_000, 0, 14.7);
        assertEquals(10, Capacity.estimateSeconds(140, null, null, quota, 1000), "14 msg/s from SES");
        assertEquals(28, Capacity.estimateSeconds(140, 5, null, quota, 1000), "the campaign's own limit wins");
        assertEquals(2, Capacity.estimateSeconds(1500, null, null, null, 1000), "smtp: the default rate");
        assertEquals(2, Capacity.estimateSeconds(1500, null, null, SesQuota.unknown("x"), 1000));
    }

    @Test
    void aRampClimbsToTheCapBeforeTheEstimateRunsAtFullRate() {
        Warmup ramp = new Warmup(1, 2.0, 10);
        // 10 s at 1/s, 10 s at 2/s, then 4/s (the SES cap) for the remaining 70: 20 + 17.5 s
        assertEquals(38, Capacity.estimateSeconds(100, null, ramp, SesQuota.of(50_000, 0, 4), 1000));
        // under the default rate (1000/s) the ramp never reaches its cap: 10 + 20 + 40 mails in 30 s, then 30 at 8/s
        assertEquals(34, Capacity.estimateSeconds(100, null, ramp, null, 1000));
    }
}
