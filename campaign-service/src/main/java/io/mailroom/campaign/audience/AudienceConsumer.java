package io.mailroom.campaign.audience;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.SubscriberState;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.kafka.DecodedBatch;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps campaign-service's audience replica in step with {@code mailroom.subscribers}, a batch of records per
 * transaction. Older revisions are ignored and tombstones delete, so redelivery is harmless; poison records are
 * dead-lettered through the outbox in the same transaction, with their reason.
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
        DecodedBatch<SubscriberState> batch = DecodedBatch.of(records, Topics.SUBSCRIBERS, SubscriberState.class);
        List<Long> deletions = new ArrayList<>();
        List<OutboxMessage> deadLetters = new ArrayList<>(batch.deadLetters());
        for (String key : batch.tombstoneKeys()) {
            try {
                deletions.add(Long.parseLong(key));
            } catch (NumberFormatException e) {
                deadLetters.add(OutboxMessage.deadLetter(Topics.SUBSCRIBERS, key, null, "tombstone key is not an id"));
            }
        }
        return Consumers.retryTransient(pool.withTransaction(tx -> audience.apply(tx, batch.events(), deletions)
                .flatMap(x -> outbox.append(tx, deadLetters))));
    }
}
