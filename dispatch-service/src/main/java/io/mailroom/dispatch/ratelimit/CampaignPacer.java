package io.mailroom.dispatch.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

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

    CampaignPacer(Clock clock, DoubleSupplier share, LongSupplier nanoClock, TokenBucket.Scheduler scheduler) {
        this.clock = clock;
        this.buckets = new SharedBuckets<>(Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
                .<Long, TokenBucket>build().asMap(), share, nanoClock, scheduler);
    }

    /**
     * Calls {@code granted} with the nanoseconds waited once the campaign's next send may go; returns the bucket to
     * tell when it {@link TokenBucket#finished finished}, or null (granted at once) when the campaign has no limit.
     */
    TokenBucket acquire(CampaignState campaign, LongConsumer granted) {
        Double limit = campaign.rateAt(clock.instant());
        if (limit == null) {
            granted.accept(0);
            return null;
        }
        return buckets.acquire(campaign.campaignId(), limit, granted);
    }

    /** This instance's current rate for the campaign (null until it sent under a limit). */
    Double rate(long campaignId) {
        return buckets.rate(campaignId);
    }
}
