package io.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What dispatch needs to render and route a campaign's mail, published on the compacted {@link Topics#CAMPAIGNS}
 * topic keyed by campaign id. {@code status} lets dispatch defer sends of a paused campaign (outcome DEFERRED,
 * reason {@code campaign-paused}: campaign-service re-publishes the still-queued recipients on resume) and skip those
 * of a cancelled one (SKIPPED, reason {@code cancelled}). {@code listIds} are the target lists, so dispatch can
 * re-check that the subscriber is still subscribed to at least one of them. {@code warmup} (optional) ramps the
 * send rate up from {@code startedAt}, the moment the campaign first started running.
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
        String statusReason,
        List<Long> listIds,
        Integer rateLimit,
        Map<String, String> headers,
        long revision,
        Instant updatedAt,
        Warmup warmup,
        Instant startedAt) implements MailroomEvent {

    public static final String TYPE = "campaign.state";
    public static final int VERSION = 1;
    /** The channels a campaign sends through (the schema's {@code channel} enum). */
    public static final String SMTP = "smtp";
    public static final String SES = "ses";

    public static CampaignState of(long campaignId, String name, String subject, String fromEmail, String replyTo,
            String body, String contentType, String channel, String status, String statusReason, List<Long> listIds,
            Integer rateLimit, Map<String, String> headers, long revision, Instant updatedAt, Warmup warmup,
            Instant startedAt) {
        return new CampaignState(TYPE, VERSION, campaignId, name, subject, fromEmail, replyTo, body, contentType,
                channel, status, statusReason, listIds, rateLimit, headers, revision, updatedAt, warmup, startedAt);
    }

    /** The send rate in force at {@code now}: the warm-up ramp capped by the rate limit, else the rate limit. */
    public Double rateAt(Instant now) {
        if (warmup != null) {
            return warmup.rateAt(startedAt, now, rateLimit);
        }
        return rateLimit == null ? null : rateLimit.doubleValue();
    }
}
