package io.mailroom.platform.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import io.mailroom.events.EventCodec;
import io.mailroom.events.MailroomEvent;
import io.mailroom.events.PoisonEventException;
import io.mailroom.platform.outbox.OutboxMessage;

/**
 * A polled batch split into decoded events, tombstone keys and dead letters. Batch consumers write the dead letters
 * through the outbox in the same transaction as the events' effect, so a poison record never blocks the batch and
 * is never lost: it lands on {@code <topic>.dlq} with its reason once the batch commits.
 */
public record DecodedBatch<T extends MailroomEvent>(List<T> events, List<String> tombstoneKeys,
        List<OutboxMessage> deadLetters) {

    public static <T extends MailroomEvent> DecodedBatch<T> of(ConsumerRecords<String, String> records, String topic,
            Class<T> type) {
        List<T> events = new ArrayList<>();
        List<String> tombstones = new ArrayList<>();
        List<OutboxMessage> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() == null) {
                tombstones.add(record.key());
                continue;
            }
            try {
                events.add(EventCodec.decode(record.value(), type));
            } catch (PoisonEventException e) {
                dead.add(OutboxMessage.deadLetter(topic, record.key(), record.value(), e.getMessage()));
            }
        }
        return new DecodedBatch<>(events, tombstones, dead);
    }
}
