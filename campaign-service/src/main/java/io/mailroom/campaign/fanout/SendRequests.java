package io.mailroom.campaign.fanout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.unsubscribe.UnsubscribeTokens;
import io.mailroom.events.SendRequest;
import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.OutboxMessage;

/** Builds the {@code mailroom.sends} record for one recipient, with its signed one-click unsubscribe URL. */
@ApplicationScoped
public class SendRequests {

    @Inject
    UnsubscribeTokens tokens;

    @ConfigProperty(name = "mailroom.public-url")
    String publicUrl;

    public OutboxMessage message(long campaignId, List<Long> listIds, long subscriberId, String email, int generation,
            String name, Map<String, Object> attributes) {
        String url = publicUrl + "/u/" + tokens.issue(campaignId, subscriberId, listIds);
        return OutboxMessage.of(Topics.SENDS, subscriberId,
                SendRequest.of(campaignId, subscriberId, email, generation, name, attributes, url, Instant.now()));
    }
}
