package io.mailroom.dispatch.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

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
import io.smallrye.mutiny.infrastructure.Infrastructure;

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

    // looked up once per channel: a config lookup on every send was 2.7 % of dispatch's CPU samples (JFR)
    private final Map<String, Optional<Double>> configuredRates = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        // Quarkus runs Mutiny's timers on Vert.x, which refuses delays under 1 ms ("Cannot schedule a timer with
        // delay < 1 ms"): round up to whole milliseconds
        TokenBucket.Scheduler timer = (delay, task) -> Infrastructure.getDefaultWorkerPool().schedule(task,
                Math.max(1, (delay + 999_999) / 1_000_000), TimeUnit.MILLISECONDS);
        channels = new SharedBuckets<>(new ConcurrentHashMap<>(), share::fraction, System::nanoTime, timer);
        domains = new SharedBuckets<>(new ConcurrentHashMap<>(), share::fraction, System::nanoTime, timer);
        campaigns = new CampaignPacer(Clock.systemUTC(), share::fraction, System::nanoTime, timer);
    }

    /**
     * Completes when this send may go out, with the permit to {@link Permit#sent sent} or {@link Permit#release release}
     * once it did or did not reach the provider. A test send is paced by its channel and recipient domain only: it is
     * not part of the campaign's rate.
     */
    public Uni<Permit> acquire(CampaignState campaign, SendRequest send) {
        Permit permit = new Permit();
        // one bucket after the other, the campaign's last: a send goes right when its most specific token is granted
        Uni<Long> waited = Uni.createFrom().item(0L);
        Optional<Double> channelLimit = channelLimit(campaign.channel());
        if (channelLimit.isPresent()) {
            waited = waited.flatMap(w -> take(w, permit,
                    done -> channels.acquire(campaign.channel(), channelLimit.get(), done)));
        }
        String domain = domain(send.email());
        Double cap = domainCaps.caps().get(domain);
        if (cap != null) {
            waited = waited.flatMap(w -> take(0, permit, done -> domains.acquire(domain, cap, done)).map(domainWait -> {
                if (domainWait > 0) {
                    metrics.domainCapWait(domain);
                }
                return w + domainWait;
            }));
        }
        if (!send.isTest()) {
            waited = waited.flatMap(w -> take(w, permit, done -> campaigns.acquire(campaign, done)));
        }
        return waited.map(w -> {
            if (w > 0) {
                metrics.rateLimitWait(campaign.channel(), Duration.ofNanos(w));
                permit.markWaited();
            }
            return permit;
        });
    }

    private static Uni<Long> take(long waitedBefore, Permit permit, Function<LongConsumer, TokenBucket> bucket) {
        return Uni.createFrom().<Long>emitter(e -> permit.add(bucket.apply(w -> e.complete(w))))
                .map(w -> waitedBefore + w);
    }

    private Optional<Double> configuredRate(String channel) {
        return configuredRates.computeIfAbsent(channel,
                c -> config.getOptionalValue("mailroom.dispatch.rate." + c, Double.class));
    }

    /** The channel's suite-wide limit: the configured one wins over the provider's own rate; empty = unlimited. */
    public Optional<Double> channelLimit(String channel) {
        Optional<Double> configured = configuredRate(channel);
        if (configured.isPresent()) {
            return configured;
        }
        MailChannel provider = channelsByName.get(channel);
        return provider == null ? Optional.empty() : provider.providerRate();
    }

    /** Where the channel's limit comes from: {@code config}, {@code provider} or {@code none} (unlimited). */
    public String rateSource(String channel) {
        if (configuredRate(channel).isPresent()) {
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
