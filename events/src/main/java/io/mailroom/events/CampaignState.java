package io.mailroom.events;

import java.time.Instant;
import java.util.Map;

/**
 * What dispatch needs to render and route a campaign's mail, published on the compacted {@link Topics#CAMPAIGNS}
 * topic keyed by campaign id. {@code status} lets dispatch hold sends of a paused campaign and skip a cancelled one.
 */
public record CampaignState(
        String type,
        int version,
        long campaignId,
        String name,
        String subject,
        String fromEmail,
        String replyTo,
        String body,
        String contentType,
        String channel,
        String status,
        Integer rateLimit,
        Map<String, String> headers,
        long revision,
        Instant updatedAt) implements MailroomEvent {

    public static final String TYPE = "campaign.state";
    public static final int VERSION = 1;

    public static CampaignState of(long campaignId, String name, String subject, String fromEmail, String replyTo,
            String body, String contentType, String channel, String status, Integer rateLimit,
            Map<String, String> headers, long revision, Instant updatedAt) {
        return new CampaignState(TYPE, VERSION, campaignId, name, subject, fromEmail, replyTo, body, contentType,
                channel, status, rateLimit, headers, revision, updatedAt);
    }
}
