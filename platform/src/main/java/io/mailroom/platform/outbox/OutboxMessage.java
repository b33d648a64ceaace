package io.mailroom.platform.outbox;

import io.mailroom.events.EventCodec;
import io.mailroom.events.MailroomEvent;

/** One record to publish: topic, key and JSON payload (a null payload is a tombstone on a compacted topic). */
public record OutboxMessage(String topic, String key, String payload) {

    public static OutboxMessage of(String topic, Object key, MailroomEvent event) {
        return new OutboxMessage(topic, String.valueOf(key), EventCodec.encode(event));
    }

    public static OutboxMessage tombstone(String topic, Object key) {
        return new OutboxMessage(topic, String.valueOf(key), null);
    }
}
