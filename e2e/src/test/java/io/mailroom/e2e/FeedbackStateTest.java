package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.mailroom.feedback.testing.LoopbackSnsPeer;
import io.mailroom.feedback.testing.SnsSigner;
import io.mailroom.feedback.testing.TestSigningKey;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * SES feedback folded into subscriber state across services: soft bounces blocklist at the third within the window
 * and not at the second; a complaint blocklists and unsubscribes from every list, and the compacted
 * {@code mailroom.subscribers} topic carries that state; a bounce that arrives while a campaign is under way makes
 * dispatch skip that recipient.
 */
class FeedbackStateTest {
    private static SnsSigner signer;

    @BeforeAll
    static void signer() throws Exception {
        TestSigningKey key = TestSigningKey.generate();
        LoopbackSnsPeer peer = LoopbackSnsPeer.start(key.certificatePem());
        signer = new SnsSigner(key.privateKey(), peer.certUrl(), E2e.SNS_TOPIC, "2");
    }

    @Test
    void softBouncesCountToThreeAndAComplaintUnsubscribesFromEveryList() throws Exception {
        Operator op = E2e.operator();
        long first = op.createList("feedback state a");
        long second = op.createList("feedback state b");
        long soft3 = create(op, "state-soft3@example.com", first, second);
        long soft2 = create(op, "state-soft2@example.com", first, second);
        long complained = create(op, "state-complaint@example.com", first, second);

        for (int i = 0; i < 3; i++) {
            notify(softBounce("state-soft3@example.com"));
        }
        for (int i = 0; i < 2; i++) {
            notify(softBounce("state-soft2@example.com"));
        }
        notify(FeedbackLoopTest.complaint("state-complaint@example.com"));

        JsonNode blocked = await().atMost(Duration.ofMinutes(2)).until(() -> subscriber(op, soft3),
                s -> "BLOCKLISTED".equalsIgnoreCase(s.path("status").asText()));
        assertEquals(3, blocked.at("/suppression/softBounces").asInt(), blocked.toString());
        JsonNode notYet = await().atMost(Duration.ofMinutes(2)).until(() -> subscriber(op, soft2),
                s -> s.at("/suppression/softBounces").asInt() == 2);
        assertEquals("ENABLED", notYet.path("status").asText().toUpperCase(), "two soft bounces blocklist: " + notYet);

        JsonNode complainer = await().atMost(Duration.ofMinutes(2)).until(() -> subscriber(op, complained),
                s -> "BLOCKLISTED".equalsIgnoreCase(s.path("status").asText()));
        assertEquals(2, complainer.path("lists").size(), complainer.toString());
        for (JsonNode membership : complainer.path("lists")) {
            assertEquals("UNSUBSCRIBED", membership.path("status").asText().toUpperCase(), complainer.toString());
        }
        SubscriberState published = await().atMost(Duration.ofMinutes(1))
                .until(() -> latestState(complained), s -> s != null && s.status() == SubscriberStatus.BLOCKLISTED);
        assertEquals(2, published.subscriptions().size(), published.toString());
        assertTrue(published.subscriptions().stream().allMatch(s -> s.status() == SubscriptionStatus.UNSUBSCRIBED),
                published.toString());
    }

    @Test
    void aBounceArrivingWhileACampaignIsUnderWaySkipsThatRecipient() throws Exception {
        Operator op = E2e.operator();
        int members = 20;
        String name = "bounce in flight";
        long list = op.createList(name);
        op.importSubscribers(list, Campaigns.prefix(name), members, 0, Duration.ofMinutes(2));
        // one mail a second, paused right after the start: most recipients are still queued at dispatch
        long campaign = op.api().post(Service.CAMPAIGN, "/api/campaigns", Map.of("name", name, "rateLimit", 1,
                "subject", "Hi {subscriber.name}", "fromEmail", "news@mailroom.test", "lists", List.of(list),
                "body", "<p>Hello</p>")).ok().get("id").asLong();
        op.preflight(campaign, members, Duration.ofMinutes(2));
        op.start(campaign, List.of());
        op.api().post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/pause", Map.of()).ok();
        JsonNode queued = await().atMost(Duration.ofMinutes(1)).until(() -> op.api().get(Service.CAMPAIGN,
                "/api/campaigns/" + campaign + "/recipients?state=QUEUED&size=100").ok(), r -> r.size() > 0);
        String bounced = queued.get(0).path("email").asText();

        notify(FeedbackLoopTest.bounce(bounced));
        await().atMost(Duration.ofMinutes(2)).until(() -> "BLOCKLISTED".equalsIgnoreCase(
                subscriber(op, bounced).path("status").asText()));
        // campaign-service's audience replica reads the same record as dispatch's suppression replica
        await().atMost(Duration.ofMinutes(1)).until(() -> op.api().get(Service.CAMPAIGN, "/api/campaigns/"
                + campaign + "/preflight").ok().at("/audience/bounced").asInt() == 1);
        op.resume(campaign);

        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(3), c -> { });
        assertEquals(members - 1, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(1, end.at("/counts/skipped").asInt(), end.toString());
        JsonNode skipped = op.api().get(Service.CAMPAIGN, "/api/campaigns/" + campaign
                + "/recipients?state=SKIPPED").ok();
        assertEquals(bounced, skipped.get(0).path("email").asText(), skipped.toString());
        assertTrue(skipped.get(0).path("reason").asText().contains("blocklisted"), skipped.toString());
        assertTrue(!E2e.mailsByRecipient(campaign).containsKey(bounced), "the bounced address got the mail");
    }

    private static long create(Operator op, String email, long... lists) {
        List<Long> ids = new ArrayList<>();
        for (long l : lists) {
            ids.add(l);
        }
        return op.api().post(Service.SUBSCRIBER, "/api/subscribers", Map.of("email", email, "name", "State",
                "lists", ids)).ok().get("id").asLong();
    }

    private static JsonNode subscriber(Operator op, long id) {
        return op.api().get(Service.SUBSCRIBER, "/api/subscribers/" + id).ok();
    }

    private static JsonNode subscriber(Operator op, String email) {
        return op.api().get(Service.SUBSCRIBER, "/api/subscribers?email=" + email).ok().path("items").get(0);
    }

    private static void notify(String sesMessage) throws Exception {
        assertEquals(200, FeedbackLoopTest.post(signer.notification(UUID.randomUUID().toString(), sesMessage)));
    }

    private static String softBounce(String email) throws Exception {
        return FeedbackLoopTest.bounce(email).replace("\"Permanent\"", "\"Transient\"")
                .replace("5.1.1", "4.2.2").replace("550", "452");
    }

    /** The latest state of subscriber {@code id} on the compacted topic, read from the beginning to the end. */
    private static SubscriberState latestState(long id) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, E2e.suite().stack().kafkaBootstrap());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SUBSCRIBERS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            SubscriberState latest = null;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (String.valueOf(id).equals(r.key()) && r.value() != null) {
                        latest = EventCodec.decode(r.value(), SubscriberState.class);
                    }
                }
            }
            return latest;
        }
    }
}
