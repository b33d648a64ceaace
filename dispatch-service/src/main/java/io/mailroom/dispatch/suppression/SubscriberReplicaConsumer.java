package io.mailroom.dispatch.suppression;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.EventCodec;
import io.mailroom.events.PoisonEventException;
import io.mailroom.events.SubscriberState;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.outbox.Tombstones;
import io.smallrye.mutiny.Uni;

/** Applies {@code mailroom.subscribers} records (tombstone = deleted at the revision it carries) to the local suppression replica. */
@ApplicationScoped
public class SubscriberReplicaConsumer {
    @Inject
    SubscriberReplica replica;

    @Incoming("subscribers")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Consumers.retryTransient(replica.delete(subscriberId(record.key()), Tombstones.revision(record)));
        }
        SubscriberState state = EventCodec.decode(record.value(), SubscriberState.class);
        return Consumers.retryTransient(replica.apply(state));
    }

    private static long subscriberId(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new PoisonEventException("tombstone key is not a subscriber id: " + key);
        }
    }
}
