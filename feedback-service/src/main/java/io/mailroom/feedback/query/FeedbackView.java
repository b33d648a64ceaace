package io.mailroom.feedback.query;

import java.time.Instant;

/** One recipient feedback as operators see it. */
public record FeedbackView(String feedbackId, String kind, String email, Long campaignId, Long subscriberId,
        String subtype, String diagnostic, String providerMessageId, String notificationId, Instant occurredAt) {
}
