package io.mailroom.dispatch.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.events.CampaignState;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * Paces sends with a token bucket per channel ({@code mailroom.dispatch.rate.<channel>} msg/s, unlimited when unset)
 * and per campaign (its {@code rateLimit}); both scaled by this instance's {@link PartitionShare}.
 */
@ApplicationScoped
public class RateLimiter {
    private final Map<String, TokenBucket> channels = new ConcurrentHashMap<>();
    private final Map<Long, TokenBucket> campaigns = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
            .<Long, TokenBucket>build().asMap();

    @Inject
    @Identifier("sends-share")
    PartitionShare share;

    @Inject
    Config config;

    @Inject
    DispatchMetrics metrics;

    /** Completes when one send of this campaign may go out. */
    public Uni<Void> acquire(CampaignState campaign) {
        long wait = 0;
        Optional<Double> channelRate = channelLimit(campaign.channel());
        if (channelRate.isPresent()) {
            wait = bucket(channels, campaign.channel(), channelRate.get()).reserve();
        }
        if (campaign.rateLimit() != null) {
            wait = Math.max(wait, bucket(campaigns, campaign.campaignId(), campaign.rateLimit()).reserve());
        }
        if (wait <= 0) {
            return Uni.createFrom().voidItem();
        }
        // Vert.x timers refuse delays under 1 ms ("Cannot schedule a timer with delay < 1 ms"), which used to fail the
        // send; round up to the timer's resolution instead
        Duration delay = Duration.ofMillis(Math.max(1, (wait + 999_999) / 1_000_000));
        metrics.rateLimitWait(campaign.channel(), delay);
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
    }

    /** The configured channel limit (whole suite), if any. */
    public Optional<Double> channelLimit(String channel) {
        return config.getOptionalValue("mailroom.dispatch.rate." + channel, Double.class);
    }

    /** This instance's current channel rate (limit × share), or null when unlimited. */
    public Double channelRate(String channel) {
        return channelLimit(channel).map(limit -> limit * share.fraction()).orElse(null);
    }

    private <K> TokenBucket bucket(Map<K, TokenBucket> buckets, K key, double limit) {
        double rate = limit * share.fraction();
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(rate, 1));
        if (bucket.rate() != rate) {
            bucket.rate(rate);
        }
        return bucket;
    }
}
