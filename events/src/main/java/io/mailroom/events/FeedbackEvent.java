package io.mailroom.events;

import java.time.Instant;

/**
 * One recipient's feedback from a provider (bounce, complaint, delivery …), published by feedback-service on
 * {@link Topics#FEEDBACK} keyed by email. {@code feedbackId} is unique per notification and recipient, so a
 * consumer can apply it exactly once. Campaign and subscriber are null when they could not be mapped.
 */
public record FeedbackEvent(
        String type,
        int version,
        String feedbackId,
        Kind kind,
        String email,
        Long campaignId,
        Long subscriberId,
        String subtype,
        String diagnostic,
        String providerMessageId,
        String notificationId,
        Instant occurredAt) implements MailroomEvent {

    public static final String TYPE = "feedback";
    public static final int VERSION = 1;

    /** Feedback kinds folded back into subscriber and campaign state. */
    public enum Kind {
        HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT, DELIVERED, OPENED, CLICKED, REJECTED, DELAYED
    }

    public static FeedbackEvent of(String feedbackId, Kind kind, String email, Long campaignId, Long subscriberId,
            String subtype, String diagnostic, String providerMessageId, String notificationId, Instant occurredAt) {
        return new FeedbackEvent(TYPE, VERSION, feedbackId, kind, email, campaignId, subscriberId, subtype, diagnostic,
                providerMessageId, notificationId, occurredAt);
    }
}
