package io.mailroom.events;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One send request per recipient and generation, published on {@link Topics#SENDS} keyed by subscriber id.
 * {@code idempotencyKey} is {@code campaignId:subscriberId:generation}; dispatch never sends the same key twice
 * when it knows the first attempt was accepted. A {@link Purpose#TEST} send is an operator's test mail, never part
 * of the campaign's accounting.
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
        Instant createdAt,
        Purpose purpose) implements MailroomEvent {

    public static final String TYPE = "send.request";
    public static final int VERSION = 1;

    public SendRequest {
        purpose = Purpose.orDefault(purpose);
    }

    public static SendRequest of(long campaignId, long subscriberId, String email, int generation, String name,
            Map<String, Object> attributes, String unsubscribeUrl, Instant createdAt) {
        return new SendRequest(TYPE, VERSION, campaignId, subscriberId, email, generation,
                idempotencyKey(campaignId, subscriberId, generation), name, attributes, unsubscribeUrl, createdAt,
                Purpose.CAMPAIGN);
    }

    /**
     * A test send of a campaign to {@code email}, rendered with a sample subscriber ({@code sampleSubscriberId} 0
     * when there is none); {@code testId} makes its idempotency key {@code test:campaignId:testId} unique.
     */
    public static SendRequest test(long campaignId, long testId, String email, long sampleSubscriberId, String name,
            Map<String, Object> attributes, String unsubscribeUrl, Instant createdAt) {
        return new SendRequest(TYPE, VERSION, campaignId, sampleSubscriberId, email, 0,
                "test:" + campaignId + ":" + testId, name, attributes, unsubscribeUrl, createdAt, Purpose.TEST);
    }

    @JsonIgnore
    public boolean isTest() {
        return purpose == Purpose.TEST;
    }

    public static String idempotencyKey(long campaignId, long subscriberId, int generation) {
        return campaignId + ":" + subscriberId + ":" + generation;
    }
}
