package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.ListCommand;
import io.mailroom.events.Topics;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * A poison record on every topic a service consumes lands in that topic's dead-letter topic with a reason — once per
 * consuming group — every group moves past it, and each consumer then still does its job: a campaign runs to the
 * end, a list command unsubscribes, a hard bounce blocklists and is counted against its campaign.
 */
class PoisonRecordsTest {
    /** Consuming groups per topic (the services' application.properties). */
    static final Map<String, List<String>> GROUPS = Map.of(
            Topics.SUBSCRIBERS, List.of("campaign-audience", "dispatch-subscribers"),
            Topics.LIST_COMMANDS, List.of("subscriber-list-commands"),
            Topics.CAMPAIGNS, List.of("dispatch-campaigns"),
            Topics.SENDS, List.of("dispatch"),
            Topics.OUTCOMES, List.of("campaign", "feedback"),
            Topics.FEEDBACK, List.of("subscriber-feedback", "campaign-feedback"));
    static final int MEMBERS = 20;

    @Test
    void poisonIsDeadLetteredOncePerGroupAndEveryConsumerCarriesOn() throws Exception {
        String bootstrap = E2e.suite().stack().kafkaBootstrap();
        String poison = "{\"poison\": \"" + UUID.randomUUID() + "\", not json";
        Map<String, RecordMetadata> written = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String topic : GROUPS.keySet()) {
                written.put(topic, producer.send(new ProducerRecord<>(topic, "poison-key", poison)).get());
            }
        }

        // every consumer keeps working after the poison
        Operator op = E2e.operator();
        String name = "after poison";
        long campaign = Campaigns.startCampaign(name, MEMBERS);
        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(3), c -> { });
        assertEquals(MEMBERS, end.at("/counts/sent").asInt(), end.toString());
        String unsubscribed = Campaigns.prefix(name) + "0@example.com";
        String bounced = Campaigns.prefix(name) + "1@example.com";
        long listId = subscriber(op, unsubscribed).at("/lists/0/id").asLong();
        long bouncedId = subscriber(op, bounced).get("id").asLong();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(Topics.LIST_COMMANDS, unsubscribed, EventCodec.encode(ListCommand.of(
                    UUID.randomUUID().toString(), ListCommand.Command.UNSUBSCRIBE, unsubscribed, null, null,
                    List.of(listId), "poison e2e", "e2e", Instant.now())))).get();
            producer.send(new ProducerRecord<>(Topics.FEEDBACK, bounced, EventCodec.encode(FeedbackEvent.of(
                    UUID.randomUUID().toString(), FeedbackEvent.Kind.HARD_BOUNCE, bounced, campaign, bouncedId,
                    "General", "550 5.1.1 no such user", null, null, Instant.now())))).get();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> "unsubscribed".equalsIgnoreCase(
                subscriber(op, unsubscribed).at("/lists/0/status").asText()));
        await().atMost(Duration.ofMinutes(2)).until(() -> "blocklisted".equalsIgnoreCase(
                subscriber(op, bounced).path("status").asText()));
        await().atMost(Duration.ofMinutes(2)).until(() -> op.campaign(campaign).path("bounces").asInt() == 1);

        Map<String, List<ConsumerRecord<String, String>>> dead = awaitDeadLetters(bootstrap, poison);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (var topic : GROUPS.entrySet()) {
                List<ConsumerRecord<String, String>> letters = dead.get(topic.getKey());
                assertEquals(topic.getValue().size(), letters.size(), topic.getKey() + ".dlq: " + letters);
                for (ConsumerRecord<String, String> letter : letters) {
                    String reason = header(letter, "dead-letter-reason");
                    assertTrue(reason != null && !reason.isBlank(), "no reason on " + letter);
                }
                RecordMetadata at = written.get(topic.getKey());
                TopicPartition partition = new TopicPartition(at.topic(), at.partition());
                for (String group : topic.getValue()) {
                    // offsets are committed every auto.commit.interval.ms (5 s), not when a record is acknowledged
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata().get().get(partition);
                        assertTrue(committed != null && committed.offset() > at.offset(),
                                group + " did not move past the poison at " + partition + "@" + at.offset());
                    });
                }
            }
        }
    }

    private static JsonNode subscriber(Operator op, String email) {
        JsonNode page = op.api().get(Service.SUBSCRIBER, "/api/subscribers?email=" + email).ok();
        return page.path("items").get(0);
    }

    private static Map<String, List<ConsumerRecord<String, String>>> awaitDeadLetters(String bootstrap, String poison) {
        Map<String, List<ConsumerRecord<String, String>>> found = new HashMap<>();
        GROUPS.keySet().forEach(t -> found.put(t, new ArrayList<>()));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-poison-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(GROUPS.keySet().stream().map(t -> t + ".dlq").toList());
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (poison.equals(r.value())) {
                        found.get(r.topic().substring(0, r.topic().length() - ".dlq".length())).add(r);
                    }
                }
                return GROUPS.entrySet().stream().allMatch(e -> found.get(e.getKey()).size() >= e.getValue().size());
            });
            // a moment more, so a dead letter written twice by the same group would be seen too
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                if (poison.equals(r.value())) {
                    found.get(r.topic().substring(0, r.topic().length() - ".dlq".length())).add(r);
                }
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }
}
