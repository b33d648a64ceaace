package io.mailroom.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.mailroom.platform.outbox.Tombstones;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audience replica applies {@code mailroom.subscribers} in offset order and keeps each tombstone's revision:
 * a delete and its revert in one poll leave the subscriber in, a late older state does not bring one back.
 */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class AudienceTombstoneTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final long LIST = 4_242;
    private static KafkaProducer<String, String> producer;

    @Inject
    Pool pool;

    @BeforeAll
    static void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Topics4Test.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // one request for the whole sequence, so the consumer fetches it in one poll
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void aDeleteAndItsRevertInOnePollLeaveTheSubscribersIn() {
        List<Long> ids = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long id = Audience4Test.newId();
            ids.add(id);
            records.add(state(id, 1));
        }
        // bulk delete of half the list, then its revert: each step bumps the revision
        List<Long> half = ids.subList(0, 100);
        half.forEach(id -> records.add(tombstone(id, 2L)));
        half.forEach(id -> records.add(state(id, 3)));
        apply(records);
        assertThat(revisions(ids)).hasSize(200).containsOnlyKeys(ids);
        assertThat(revisions(half).values()).containsOnly(3L);
    }

    @Test
    void aStateNotNewerThanTheTombstoneDoesNotComeBack() {
        long id = Audience4Test.newId();
        apply(List.of(state(id, 1), tombstone(id, 3L)));
        apply(List.of(state(id, 2)));
        apply(List.of(state(id, 3)));
        assertThat(revisions(List.of(id))).isEmpty();
        apply(List.of(state(id, 4)));
        assertThat(revisions(List.of(id))).containsEntry(id, 4L);
    }

    @Test
    void aTombstoneOlderThanTheStateDeletesNothing() {
        long id = Audience4Test.newId();
        apply(List.of(state(id, 5), tombstone(id, 4L)));
        assertThat(revisions(List.of(id))).containsEntry(id, 5L);
    }

    @Test
    void aTombstoneWithoutRevisionStaysFinal() {
        long id = Audience4Test.newId();
        apply(List.of(state(id, 1), tombstone(id, null)));
        apply(List.of(state(id, 1_000)));
        assertThat(revisions(List.of(id))).isEmpty();
    }

    private Map<Long, Long> revisions(List<Long> ids) {
        return pool.preparedQuery("SELECT id, revision FROM audience_subscriber WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .map(rows -> {
                    Map<Long, Long> found = new java.util.HashMap<>();
                    rows.forEach(r -> found.put(r.getLong("id"), r.getLong("revision")));
                    return found;
                }).await().atMost(PATIENCE);
    }

    private static ProducerRecord<String, String> state(long id, long revision) {
        SubscriberState s = SubscriberState.of(id, "s" + id + "@example.com", "Sub " + id, Map.of(),
                SubscriberStatus.ENABLED, null,
                List.of(new SubscriberState.Subscription(LIST, SubscriptionStatus.CONFIRMED, false)), revision,
                Instant.now());
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
     * Publishes the records on one partition, in order, then a state of a fresh subscriber behind them, and waits
     * until the replica has that one: every record before it was applied.
     */
    private void apply(List<ProducerRecord<String, String>> records) {
        try {
            int partition = producer.partitionsFor(Topics.SUBSCRIBERS).get(0).partition();
            for (ProducerRecord<String, String> r : records) {
                producer.send(new ProducerRecord<>(r.topic(), partition, r.key(), r.value(), r.headers()));
            }
            long sentinel = Audience4Test.newId();
            ProducerRecord<String, String> last = state(sentinel, 1);
            producer.send(new ProducerRecord<>(last.topic(), partition, last.key(), last.value())).get();
            await().atMost(PATIENCE).until(() -> revisions(List.of(sentinel)).containsKey(sentinel));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
