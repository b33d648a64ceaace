package io.mailroom.dispatch.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.mailroom.platform.outbox.Tombstones;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tombstones carry the revision they delete: through the real topic, a later state revives a deleted subscriber
 * (a reverted bulk delete), an older or equal one does not, and a tombstone without a revision stays final.
 */
@QuarkusTest
class SubscriberReplicaRevisionTest extends StackTest {
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, MailroomStackResource.stack().kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void aStateNewerThanTheTombstoneRevivesTheSubscriber() {
        long id = DispatchFixtures.newId();
        apply(id, state(id, 1), tombstone(id, 2L), state(id, 3));
        SubscriberFacts facts = subscribers.find(id).await().indefinitely();
        assertThat(facts.deleted()).isFalse();
        assertThat(facts.status()).isEqualTo(SubscriberStatus.ENABLED);
    }

    @Test
    void aStateAsOldAsTheTombstoneOrOlderDoesNotRevive() {
        long id = DispatchFixtures.newId();
        apply(id, state(id, 1), tombstone(id, 3L), state(id, 3), state(id, 2));
        assertThat(subscribers.find(id).await().indefinitely()).isEqualTo(SubscriberFacts.DELETED);
    }

    @Test
    void aStateOlderThanATombstoneThatCameFirstIsNotInserted() {
        long id = DispatchFixtures.newId();
        apply(id, tombstone(id, 4L), state(id, 3));
        assertThat(subscribers.find(id).await().indefinitely()).isEqualTo(SubscriberFacts.DELETED);
    }

    @Test
    void aTombstoneOlderThanTheStateDeletesNothing() {
        long id = DispatchFixtures.newId();
        apply(id, state(id, 5), tombstone(id, 4L));
        assertThat(subscribers.find(id).await().indefinitely().deleted()).isFalse();
    }

    @Test
    void aTombstoneWithoutRevisionStaysFinal() {
        long id = DispatchFixtures.newId();
        apply(id, state(id, 1), tombstone(id, null), state(id, 1_000));
        assertThat(subscribers.find(id).await().indefinitely()).isEqualTo(SubscriberFacts.DELETED);
    }

    private static ProducerRecord<String, String> state(long id, long revision) {
        SubscriberState s = SubscriberState.of(id, DispatchFixtures.email(id), "Ada", Map.of(),
                SubscriberStatus.ENABLED, null,
                List.of(new SubscriberState.Subscription(DispatchFixtures.LIST, SubscriptionStatus.CONFIRMED, false)),
                revision, Instant.now());
        return new ProducerRecord<>(Topics.SUBSCRIBERS, String.valueOf(id), EventCodec.encode(s));
    }

    private static ProducerRecord<String, String> tombstone(long id, Long revision) {
        ProducerRecord<String, String> r = new ProducerRecord<>(Topics.SUBSCRIBERS, String.valueOf(id), null);
        if (revision != null) {
            r.headers().add(Tombstones.REVISION_HEADER, revision.toString().getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    /**
     * Publishes the records of one subscriber in order, then a state of another subscriber on the same partition,
     * and waits until the replica knows that one: every record before it was consumed.
     */
    @SafeVarargs
    private void apply(long id, ProducerRecord<String, String>... records) {
        try {
            int partition = producer.send(records[0]).get().partition();
            for (int i = 1; i < records.length; i++) {
                ProducerRecord<String, String> r = records[i];
                producer.send(new ProducerRecord<>(r.topic(), partition, r.key(), r.value(), r.headers())).get();
            }
            long sentinel = DispatchFixtures.newId();
            ProducerRecord<String, String> last = state(sentinel, 1);
            producer.send(new ProducerRecord<>(last.topic(), partition, last.key(), last.value())).get();
            await().atMost(PATIENCE).until(() -> subscribers.find(sentinel).await().indefinitely() != null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
