package io.mailroom.dispatch.status;

import java.util.List;

/** What {@code GET /api/dispatch/status} answers. */
public record DispatchStatus(int assignedPartitions, int totalPartitions, int inFlight, double retries,
        double ambiguous, List<ChannelStatus> channels) {

    /**
     * One channel: the suite-wide limit (null = unlimited), this instance's share of it, and the provider's health.
     */
    public record ChannelStatus(String name, Double rateLimit, Double instanceRate, double sent, boolean healthy,
            ProviderHealth.Health health) {}
}
