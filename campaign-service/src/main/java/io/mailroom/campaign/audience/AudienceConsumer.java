package io.mailroom.campaign.audience;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.EventCodec;
import io.mailroom.events.PoisonEventException;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.mailroom.platform.outbox.Tombstones;
import io.smallrye.mutiny.Uni;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps campaign-service's audience replica in step with {@code mailroom.subscribers}, a batch of records per
 * transaction, in offset order. Older revisions are ignored and tombstones delete at their revision, so redelivery is
 * harmless; poison records are dead-lettered through the outbox in the same transaction, with their reason.
 */
@ApplicationScoped
public class AudienceConsumer {

    @Inject
    Pool pool;

    @Inject
    AudienceRepository audience;

    @Inject
    Outbox outbox;

    @Incoming("subscribers")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        // not DecodedBatch: it splits states from tombstones, and this replica needs them in offset order
        List<AudienceChange> changes = new ArrayList<>(records.count());
        List<OutboxMessage> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                changes.add(record.value() == null
                        ? new AudienceChange.Deletion(subscriberId(record.key()), Tombstones.revision(record))
                        : new AudienceChange.State(EventCodec.decode(record.value(), SubscriberState.class)));
            } catch (PoisonEventException e) {
                deadLetters.add(OutboxMessage.deadLetter(Topics.SUBSCRIBERS, record.key(), record.value(),
                        e.getMessage()));
            }
        }
        return Consumers.retryTransient(pool.withTransaction(tx -> audience.apply(tx, changes)
                .flatMap(x -> outbox.append(tx, deadLetters))));
    }

    private static long subscriberId(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new PoisonEventException("tombstone key is not an id");
        }
    }
}
