package io.mailroom.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.mailroom.events.MailroomEvent;
import io.mailroom.events.SendRequest;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;

/** Builds events with ids unique to the test run and publishes them as campaign-/subscriber-service would. */
public final class DispatchFixtures implements AutoCloseable {
    public static final long LIST = 7;
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    private final KafkaProducer<String, String> producer;

    public DispatchFixtures(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static long newId() {
        return IDS.incrementAndGet();
    }

    public static CampaignState campaign(long id, String status, String body) {
        return campaign(id, status, body, "smtp", "news@example.com");
    }

    public static CampaignState campaign(long id, String status, String body, String channel, String from) {
        return CampaignState.of(id, "c" + id, "Hello {subscriber.name}", from, null, body, "html",
                channel, status, null, List.of(LIST), null, Map.of("X-Campaign", Long.toString(id)), 1, Instant.now(), null,
                null);
    }

    public static SubscriberState subscriber(long id, SubscriberStatus status, String reason,
            SubscriptionStatus subscription) {
        return SubscriberState.of(id, email(id), "Ada " + id, Map.of("city", "London"), status, reason,
                List.of(new SubscriberState.Subscription(LIST, subscription, false)), 1, Instant.now());
    }

    public static SendRequest send(long campaignId, long subscriberId) {
        return send(campaignId, subscriberId, Map.of("city", "London"));
    }

    public static SendRequest send(long campaignId, long subscriberId, Map<String, Object> attributes) {
        return SendRequest.of(campaignId, subscriberId, email(subscriberId), 0, "Ada " + subscriberId, attributes,
                "http://127.0.0.1:8082/u/tok" + subscriberId, Instant.now());
    }

    /** A send to a chosen address (fault peers pick their behaviour from it). */
    public static SendRequest sendTo(long campaignId, String email) {
        long subscriberId = newId();
        return SendRequest.of(campaignId, subscriberId, email, 0, "Ada", Map.of("city", "London"), null,
                Instant.now());
    }

    public static String email(long subscriberId) {
        return "s" + subscriberId + "@example.com";
    }

    public void publish(CampaignState c) {
        publish(Topics.CAMPAIGNS, Long.toString(c.campaignId()), c);
    }

    public void publish(SubscriberState s) {
        publish(Topics.SUBSCRIBERS, Long.toString(s.subscriberId()), s);
    }

    public void publish(SendRequest s) {
        publish(Topics.SENDS, Long.toString(s.subscriberId()), s);
    }

    public void publish(String topic, String key, MailroomEvent event) {
        publishRaw(topic, key, EventCodec.encode(event));
    }

    public void publishRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
