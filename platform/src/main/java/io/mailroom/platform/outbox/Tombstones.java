package io.mailroom.platform.outbox;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Tombstones that carry the revision of the state they delete (Kafka header {@value #REVISION_HEADER}), so a replica
 * can tell a later revival (a higher revision, e.g. a reverted bulk delete) from a late older state (lower or equal).
 */
public final class Tombstones {
    public static final String REVISION_HEADER = "revision";
    /**
     * The revision a replica keeps for a tombstone without the header (records written before it existed, or a hard
     * delete, whose row is gone): no state can be newer, so the deletion stays final, as it always was.
     */
    public static final long FINAL = Long.MAX_VALUE;

    private Tombstones() {
    }

    public static OutboxMessage of(String topic, Object key, long revision) {
        return new OutboxMessage(topic, String.valueOf(key), null,
                java.util.Map.of(REVISION_HEADER, Long.toString(revision)));
    }

    /** The revision a tombstone record deletes, or {@link #FINAL} when it does not say (or says it unreadably). */
    public static long revision(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(REVISION_HEADER);
        if (header == null || header.value() == null) {
            return FINAL;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return FINAL;
        }
    }
}
