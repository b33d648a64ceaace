package io.mailroom.campaign.campaign;

import java.time.Instant;
import java.util.Map;

import io.mailroom.events.CampaignState;
import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.OutboxMessage;

/** Builds the {@code mailroom.campaigns} record that tells dispatch how to render and route a campaign. */
public final class CampaignEvents {
    private CampaignEvents() {
    }

    public static OutboxMessage state(Campaign c) {
        return OutboxMessage.of(Topics.CAMPAIGNS, c.id(), CampaignState.of(c.id(), c.name(), c.subject(),
                c.fromEmail(), c.replyTo(), c.body(), c.contentType(), c.channel(), c.status(), c.statusReason(),
                c.listIds(), c.rateLimit(), Map.of(), c.revision(), Instant.now(), c.warmup(),
                c.startedAt() == null ? null : c.startedAt().toInstant()));
    }
}
