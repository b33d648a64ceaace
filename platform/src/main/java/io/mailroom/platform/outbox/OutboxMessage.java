package io.mailroom.platform.outbox;

import java.util.Map;

import io.mailroom.events.EventCodec;
import io.mailroom.events.MailroomEvent;

/**
 * One record to publish: topic, key, JSON payload (null = tombstone on a compacted topic) and optional Kafka
 * headers (dead-letter records carry their reason there).
 */
public record OutboxMessage(String topic, String key, String payload, Map<String, String> headers) {

    public OutboxMessage(String topic, String key, String payload) {
        this(topic, key, payload, Map.of());
    }

    public static OutboxMessage of(String topic, Object key, MailroomEvent event) {
        return new OutboxMessage(topic, String.valueOf(key), EventCodec.encode(event));
    }

    public static OutboxMessage tombstone(String topic, Object key) {
        return new OutboxMessage(topic, String.valueOf(key), null);
    }

    /**
     * A record a batch consumer could not understand, for {@code <topic>.dlq}: the original key and value, with the
     * same headers SmallRye's dead-letter-queue strategy writes ({@code dead-letter-reason}, {@code dead-letter-topic}).
     */
    public static OutboxMessage deadLetter(String sourceTopic, String key, String value, String reason) {
        return new OutboxMessage(sourceTopic + ".dlq", key == null ? "" : key, value,
                Map.of("dead-letter-reason", reason, "dead-letter-topic", sourceTopic));
    }
}
