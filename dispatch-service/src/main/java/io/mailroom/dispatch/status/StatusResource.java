package io.mailroom.dispatch.status;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.dispatch.ratelimit.PartitionShare;
import io.mailroom.dispatch.ratelimit.RateLimiter;
import io.mailroom.dispatch.send.SendProcessor;
import io.mailroom.events.CampaignState;
import io.mailroom.platform.auth.Roles;
import io.smallrye.common.annotation.Identifier;

/** Operator view of this dispatch instance: partitions, rates, in-flight sends, retries and provider health. */
@Path("/api/dispatch/status")
public class StatusResource {
    private static final List<String> CHANNELS = List.of(CampaignState.SMTP, CampaignState.SES);

    @Inject
    @Identifier("sends-share")
    PartitionShare share;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    SendProcessor processor;

    @Inject
    DispatchMetrics metrics;

    @Inject
    ProviderHealth health;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public DispatchStatus status() {
        List<DispatchStatus.ChannelStatus> channels = CHANNELS.stream().map(name -> new DispatchStatus.ChannelStatus(
                name, rateLimiter.channelLimit(name).orElse(null), rateLimiter.rateSource(name), rateLimiter.channelRate(name), metrics.sent(name),
                health.of(name).healthy(), health.of(name))).toList();
        return new DispatchStatus(share.assigned(), share.total(), processor.inFlight(), metrics.retryCount(),
                metrics.ambiguousCount(), channels);
    }
}
