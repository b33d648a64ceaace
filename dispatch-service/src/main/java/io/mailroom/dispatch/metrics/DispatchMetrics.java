package io.mailroom.dispatch.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.events.SendOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Dispatch's Micrometer meters: outcomes by channel/result/reason, provider latency, retries, ambiguous sends. */
@ApplicationScoped
public class DispatchMetrics {
    @Inject
    MeterRegistry registry;

    public void outcome(SendOutcome outcome) {
        registry.counter("mailroom.dispatch.outcomes", "channel", String.valueOf(outcome.channel()),
                "result", outcome.result().name(), "reason", outcome.reason() == null ? "none" : outcome.reason())
                .increment();
    }

    public void providerLatency(String channel, boolean accepted, Duration elapsed) {
        Timer.builder("mailroom.dispatch.provider.latency").tag("channel", channel)
                .tag("accepted", Boolean.toString(accepted))
                .publishPercentileHistogram().register(registry).record(elapsed);
    }

    public void rateLimitWait(String channel, Duration wait) {
        Timer.builder("mailroom.dispatch.rate-limit.wait").tag("channel", channel).register(registry).record(wait);
    }

    /** A send waited for its recipient domain's cap. */
    public void domainCapWait(String domain) {
        registry.counter("mailroom.dispatch.domain-cap.waits", "domain", domain).increment();
    }

    public double domainCapWaits(String domain) {
        return registry.find("mailroom.dispatch.domain-cap.waits").tag("domain", domain).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    public void retry(String channel, String reason) {
        registry.counter("mailroom.dispatch.retries", "channel", channel, "reason", reason).increment();
    }

    public void ambiguous(String channel) {
        registry.counter("mailroom.dispatch.ambiguous", "channel", channel).increment();
    }

    /** Total ambiguous sends counted so far on this instance. */
    public double ambiguousCount() {
        return registry.find("mailroom.dispatch.ambiguous").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Sends accepted by the channel's provider on this instance. */
    public double sent(String channel) {
        return registry.find("mailroom.dispatch.outcomes").tag("channel", channel).tag("result", "SENT").counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    public double retryCount() {
        return registry.find("mailroom.dispatch.retries").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
