package io.mailroom.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Publishes a batch of records (acks=all, idempotent, so each partition keeps the batch's order) and completes once
 * the broker acknowledged every one of them, or fails with the first failure.
 *
 * <p>A plain KafkaProducer rather than a SmallRye emitter: the emitter's per-record message, acknowledgement and
 * context handling were the largest CPU cost of relaying a million outbox rows (JFR, import and fan-out profiles),
 * and a relay that awaits a whole batch needs none of it.
 */
public final class BatchProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    /**
     * @param broker the connector's shared client configuration ({@code @Identifier("default-kafka-broker")}); its
     *        producer settings (bootstrap servers, security, SASL/TLS) are used, consumer-only ones left out
     */
    public BatchProducer(Map<String, Object> broker, String clientId) {
        Map<String, Object> config = new HashMap<>();
        broker.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    public Uni<Void> publish(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>emitter(done -> {
            AtomicInteger pending = new AtomicInteger(messages.size());
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
            for (OutboxMessage m : messages) {
                producer.send(record(m), acked);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // send() may block on metadata or a full buffer
    }

    private static ProducerRecord<String, String> record(OutboxMessage m) {
        ProducerRecord<String, String> record = new ProducerRecord<>(m.topic(), m.key(), m.payload());
        if (m.headers() != null) {
            m.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    @Override
    public void close() {
        producer.close();
    }
}
