package io.mailroom.dispatch.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.mailroom.dispatch.channel.Channels;
import io.mailroom.dispatch.channel.MailChannel;
import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendRequest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * Paces sends with token buckets per channel ({@code mailroom.dispatch.rate.<channel>} msg/s, else the provider's
 * own rate such as SES's MaxSendRate, else unlimited), per campaign (its warm-up ramp and {@code rateLimit}) and per
 * recipient domain ({@link DomainCaps}); all scaled by this instance's {@link PartitionShare}. A send over a limit
 * waits, it never fails.
 */
@ApplicationScoped
public class RateLimiter {
    @Inject
    @Identifier("sends-share")
    PartitionShare share;

    @Inject
    Config config;

    @Inject
    Channels channelsByName;

    @Inject
    DomainCaps domainCaps;

    @Inject
    DispatchMetrics metrics;

    private SharedBuckets<String> channels;
    private SharedBuckets<String> domains;
    private CampaignPacer campaigns;

    @PostConstruct
    void init() {
        channels = new SharedBuckets<>(new ConcurrentHashMap<>(), share::fraction);
        domains = new SharedBuckets<>(new ConcurrentHashMap<>(), share::fraction);
        campaigns = new CampaignPacer(Clock.systemUTC(), share::fraction);
    }

    /**
     * Completes when this send may go out. A test send is paced by its channel and recipient domain only: it is not
     * part of the campaign's rate.
     */
    public Uni<Void> acquire(CampaignState campaign, SendRequest send) {
        long wait = 0;
        Optional<Double> channelLimit = channelLimit(campaign.channel());
        if (channelLimit.isPresent()) {
            wait = channels.reserve(campaign.channel(), channelLimit.get());
        }
        if (!send.isTest()) {
            wait = Math.max(wait, campaigns.reserve(campaign));
        }
        String domain = domain(send.email());
        Double cap = domainCaps.caps().get(domain);
        if (cap != null) {
            long domainWait = domains.reserve(domain, cap);
            if (domainWait > 0) {
                metrics.domainCapWait(domain);
            }
            wait = Math.max(wait, domainWait);
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

    /** The channel's suite-wide limit: the configured one wins over the provider's own rate; empty = unlimited. */
    public Optional<Double> channelLimit(String channel) {
        Optional<Double> configured = config.getOptionalValue("mailroom.dispatch.rate." + channel, Double.class);
        if (configured.isPresent()) {
            return configured;
        }
        MailChannel provider = channelsByName.get(channel);
        return provider == null ? Optional.empty() : provider.providerRate();
    }

    /** Where the channel's limit comes from: {@code config}, {@code provider} or {@code none} (unlimited). */
    public String rateSource(String channel) {
        if (config.getOptionalValue("mailroom.dispatch.rate." + channel, Double.class).isPresent()) {
            return "config";
        }
        return channelLimit(channel).isPresent() ? "provider" : "none";
    }

    /** This instance's current channel rate (limit × share), or null when unlimited. */
    public Double channelRate(String channel) {
        return channelLimit(channel).map(limit -> limit * share.fraction()).orElse(null);
    }

    /** This instance's current rate for a campaign (null until one of its sends was paced by a limit). */
    public Double campaignRate(long campaignId) {
        return campaigns.rate(campaignId);
    }

    private static String domain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
