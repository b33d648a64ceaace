package io.mailroom.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What happened to one send request, published by dispatch on {@link Topics#OUTCOMES} keyed by campaign id.
 * SENT, SKIPPED and FAILED are terminal for the recipient's generation; DEFERRED is not: it reports an
 * account-level stop (reason {@code ses-quota-exceeded}, {@code ses-sending-paused}, {@code provider-config}: the campaign
 * pauses) or a send held because its campaign is paused (reason {@code campaign-paused}); the recipient stays queued
 * and campaign-service re-publishes it on resume. Outcomes of {@link Purpose#TEST} sends are reported, never counted.
 */
public record SendOutcome(
        String type,
        int version,
        long campaignId,
        long subscriberId,
        String email,
        int generation,
        String idempotencyKey,
        Result result,
        String reason,
        String detail,
        int attempts,
        String providerMessageId,
        String channel,
        boolean ambiguous,
        Instant occurredAt,
        Purpose purpose) implements MailroomEvent {

    public static final String TYPE = "send.outcome";
    public static final int VERSION = 1;

    public SendOutcome {
        purpose = Purpose.orDefault(purpose);
    }

    /** Result of a send attempt. */
    public enum Result {
        SENT, SKIPPED, FAILED, DEFERRED;

        public boolean terminal() {
            return this != DEFERRED;
        }
    }

    public static SendOutcome of(SendRequest send, Result result, String reason, String detail, int attempts,
            String providerMessageId, String channel, boolean ambiguous, Instant occurredAt) {
        return new SendOutcome(TYPE, VERSION, send.campaignId(), send.subscriberId(), send.email(), send.generation(),
                send.idempotencyKey(), result, reason, detail, attempts, providerMessageId, channel, ambiguous,
                occurredAt, send.purpose());
    }

    @JsonIgnore
    public boolean isTest() {
        return purpose == Purpose.TEST;
    }
}
