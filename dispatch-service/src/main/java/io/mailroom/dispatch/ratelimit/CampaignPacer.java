package io.mailroom.dispatch.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.mailroom.events.CampaignState;

/**
 * Per-campaign token buckets at the rate in force now ({@link CampaignState#rateAt}: the warm-up ramp from
 * {@code startedAt}, capped by {@code rateLimit}), re-evaluated on every reservation so a ramp step takes effect
 * without a new campaign revision.
 */
final class CampaignPacer {
    private final Clock clock;
    private final SharedBuckets<Long> buckets;

    CampaignPacer(Clock clock, DoubleSupplier share) {
        this.clock = clock;
        this.buckets = new SharedBuckets<>(Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
                .<Long, TokenBucket>build().asMap(), share);
    }

    /** Nanoseconds to wait before the campaign's next send (0 when it has no limit). */
    long reserve(CampaignState campaign) {
        Double limit = campaign.rateAt(clock.instant());
        return limit == null ? 0 : buckets.reserve(campaign.campaignId(), limit);
    }

    /** This instance's current rate for the campaign (null until it sent under a limit). */
    Double rate(long campaignId) {
        return buckets.rate(campaignId);
    }
}
