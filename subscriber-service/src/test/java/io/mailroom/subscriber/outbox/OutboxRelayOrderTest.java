package io.mailroom.subscriber.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.mailroom.platform.kafka.BatchProducer;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.mailroom.platform.outbox.OutboxPublisher;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Several relays of one service over one outbox (the service's own relay plus two more, as replicas would run):
 * every key's records reach the topic in revision order, so compaction keeps the newest state.
 */
@QuarkusTest
class OutboxRelayOrderTest {
    private static final int KEYS = 100;
    private static final int REVISIONS = 30;

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> broker;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyKeysRecordsArePublishedInRevisionOrderWhileSeveralRelaysRun() throws Exception {
        for (int round = 0; round < 3; round++) {
            String topic = "test.relay-order." + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<BatchProducer> producers = List.of(new BatchProducer(broker, "relay-b"),
                    new BatchProducer(broker, "relay-c"));
            try {
                // small batches next to the service's own relay (5000 per batch): disjoint batches of one key's
                // revisions in flight at once, the way replicas of a service relay side by side
                for (BatchProducer producer : producers) {
                    loop(new OutboxPublisher(pool, producer, 25), stop);
                }
                List<OutboxMessage> messages = new ArrayList<>();
                for (int revision = 1; revision <= REVISIONS; revision++) {
                    for (int key = 0; key < KEYS; key++) {
                        messages.add(new OutboxMessage(topic, "k" + key, String.valueOf(revision)));
                    }
                }
                pool.withTransaction(tx -> outbox.append(tx, messages)).await().atMost(Duration.ofSeconds(30));

                Map<String, List<Integer>> published = readAll(topic, KEYS * REVISIONS);
                assertEquals(KEYS, published.size());
                int r = round;
                published.forEach((key, revisions) -> {
                    List<Integer> sorted = revisions.stream().sorted().toList();
                    assertEquals(sorted, revisions, "revisions of " + key + " in topic order (round " + r + ")");
                    assertEquals(REVISIONS, revisions.get(revisions.size() - 1), "last record of " + key);
                });
            } finally {
                stop.set(true);
                producers.forEach(BatchProducer::close);
            }
        }
    }

    /** Relays back to back while there are rows, and every 10 ms when the outbox is empty, until stopped. */
    private static void loop(OutboxPublisher publisher, AtomicBoolean stop) {
        if (stop.get()) {
            return;
        }
        publisher.relayOnce()
                .onFailure().recoverWithItem(0)
                .flatMap(n -> n > 0 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(10)))
                .subscribe().with(x -> loop(publisher, stop));
    }

    /** Reads the topic from the beginning until {@code count} records arrived: each key's values in topic order. */
    private Map<String, List<Integer>> readAll(String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<Integer>> byKey = new HashMap<>();
        int[] seen = {0};
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
                    seen[0]++;
                }
                return seen[0] >= count;
            });
        }
        return byKey;
    }
}
