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
    public Uni<Void> consume(ConsumerRecords<String, String> batch) {
        List<SubscriberState> states = new ArrayList<>();
        List<Long> deletions = new ArrayList<>();
        List<OutboxMessage> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : batch) {
            try {
                if (record.value() == null) {
                    deletions.add(Long.parseLong(record.key()));
                } else {
                    states.add(EventCodec.decode(record.value(), SubscriberState.class));
                }
            } catch (PoisonEventException | NumberFormatException e) {
                poison.add(OutboxMessage.deadLetter(Topics.SUBSCRIBERS, record.key(), record.value(), e.getMessage()));
            }
        }
        return Consumers.retryTransient(pool.withTransaction(tx -> audience.apply(tx, states, deletions)
                .flatMap(x -> outbox.append(tx, poison))));
    }
}
