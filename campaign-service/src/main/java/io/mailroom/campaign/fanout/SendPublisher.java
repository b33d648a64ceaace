package io.mailroom.campaign.fanout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.OutboxMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Publishes a fan-out page's send requests straight to {@code mailroom.sends} (acks=all, idempotent producer) and
 * completes once the broker acknowledged every one of them. The fan-out's exception to "produce through the outbox":
 * a million outbox rows written, read back and deleted cost far more than the sends themselves (README, fan-out),
 * and the page's transaction commits its cursor only after these acknowledgements, which is the same guarantee.
 * A plain KafkaProducer rather than a SmallRye emitter: the emitter's per-record message, context propagation and
 * tracing were the largest CPU cost of a fan-out in a JFR profile.
 */
@ApplicationScoped
public class SendPublisher {
    private final KafkaProducer<String, String> producer;

    @Inject
    SendPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "campaign-fanout");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    void close(@Observes ShutdownEvent ev) {
        producer.close();
    }

    Uni<Void> publish(List<OutboxMessage> sends) {
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>emitter(done -> {
            AtomicInteger pending = new AtomicInteger(sends.size());
            AtomicBoolean failed = new AtomicBoolean();
            Callback acked = (metadata, failure) -> {
                if (failure != null) {
                    if (failed.compareAndSet(false, true)) {
                        done.fail(failure);
                    }
                } else if (pending.decrementAndGet() == 0) {
                    done.complete(null);
                }
            };
            for (OutboxMessage m : sends) {
                producer.send(new ProducerRecord<>(Topics.SENDS, m.key(), m.payload()), acked);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // send() may block on metadata or a full buffer
    }
}
