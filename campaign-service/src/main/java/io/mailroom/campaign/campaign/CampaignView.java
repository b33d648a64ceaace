package io.mailroom.campaign.campaign;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.mailroom.campaign.feedback.FeedbackCounts;
import io.mailroom.campaign.recipient.Counts;
import io.mailroom.events.Warmup;

/** {@code GET /api/campaigns/{id}}: the campaign, its exact accounting and its progress. */
public record CampaignView(long id, String name, String subject, String fromEmail, String replyTo, List<Long> lists,
        String channel, String contentType, String status, String statusReason, OffsetDateTime sendAt,
        Integer rateLimit, Warmup warmup, int generation, boolean fanoutComplete, CountsView counts,
        Map<String, Long> skippedByReason, Map<String, Long> failedByReason, long ambiguous, long bounces,
        long softBounces, long complaints, double ratePerSecond, Long etaSeconds, OffsetDateTime createdAt,
        OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    /** total == queued + sent + skipped + failed, always. */
    public record CountsView(long total, long queued, long sent, long skipped, long failed) {}

    public static CampaignView of(Campaign c, Counts n, FeedbackCounts f) {
        double rate = n.sendsPerSecond();
        Long eta = n.queued() == 0 ? Long.valueOf(0) : rate > 0 ? Long.valueOf((long) Math.ceil(n.queued() / rate)) : null;
        return new CampaignView(c.id(), c.name(), c.subject(), c.fromEmail(), c.replyTo(), c.listIds(), c.channel(),
                c.contentType(), c.status(), c.statusReason(), c.sendAt(), c.rateLimit(), c.warmup(), c.generation(),
                c.fanoutDone(), new CountsView(n.total(), n.queued(), n.sent(), n.skipped(), n.failed()),
                n.skippedByReason(), n.failedByReason(), n.ambiguous(), f.bounces(), f.softBounces(), f.complaints(),
                rate, eta, c.createdAt(), c.startedAt(),
                c.finishedAt());
    }
}
