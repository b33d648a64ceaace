package io.mailroom.dispatch.status;

import java.util.List;

/** What {@code GET /api/dispatch/status} answers. */
public record DispatchStatus(int assignedPartitions, int totalPartitions, int inFlight, double retries,
        double ambiguous, List<ChannelStatus> channels) {

    /**
     * One channel: the suite-wide limit (null = unlimited) and where it comes from ({@code config}, {@code provider}
     * or {@code none}), this instance's share of it, and the provider's health.
     */
    public record ChannelStatus(String name, Double rateLimit, String rateSource, Double instanceRate, double sent, boolean healthy,
            ProviderHealth.Health health) {}
}
