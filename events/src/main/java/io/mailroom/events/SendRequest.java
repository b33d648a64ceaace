package io.mailroom.events;

import java.time.Instant;
import java.util.Map;

/**
 * One send request per recipient and generation, published on {@link Topics#SENDS} keyed by subscriber id.
 * {@code idempotencyKey} is {@code campaignId:subscriberId:generation}; dispatch never sends the same key twice
 * when it knows the first attempt was accepted.
 */
public record SendRequest(
        String type,
        int version,
        long campaignId,
        long subscriberId,
        String email,
        int generation,
        String idempotencyKey,
        String name,
        Map<String, Object> attributes,
        String unsubscribeUrl,
        Instant createdAt) implements MailroomEvent {

    public static final String TYPE = "send.request";
    public static final int VERSION = 1;

    public static SendRequest of(long campaignId, long subscriberId, String email, int generation, String name,
            Map<String, Object> attributes, String unsubscribeUrl, Instant createdAt) {
        return new SendRequest(TYPE, VERSION, campaignId, subscriberId, email, generation,
                idempotencyKey(campaignId, subscriberId, generation), name, attributes, unsubscribeUrl, createdAt);
    }

    public static String idempotencyKey(long campaignId, long subscriberId, int generation) {
        return campaignId + ":" + subscriberId + ":" + generation;
    }
}
