package io.mailroom.feedback.mapping;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.Topics;
import io.mailroom.feedback.testing.KafkaTopicReader;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** Feedback without tags is attributed through the SENT outcomes consumed from {@code mailroom.outcomes}. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class SentOutcomeMappingTest {

    @Inject
    Pool pool;

    @Test
    void untaggedFeedbackIsMappedThroughTheSentOutcome() throws Exception {
        String unique = Webhook.newMessageId();
        String providerId = "ses-" + unique;
        String email = "recipient-" + unique + "@example.com";
        SendOutcome sent = new SendOutcome(SendOutcome.TYPE, SendOutcome.VERSION, 77, 7007, email, 0, "77:7007:0",
                SendOutcome.Result.SENT, null, null, 1, providerId, "ses", false, Instant.now(), null);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTopicReader.producerConfig())) {
            producer.send(new ProducerRecord<>(Topics.OUTCOMES, "77", EventCodec.encode(sent))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Webhook.count(pool,
                "SELECT count(*) FROM sent_message WHERE provider_message_id = $1", providerId) == 1);

        String ses = Webhook.fixtureFor("notification-bounce-transient", unique)
                .replace("full@example.com", email)
                .replace("0100016658f2a1f0-transient-000000", providerId);
        String mid = Webhook.newMessageId();
        Webhook.postNotification(mid, ses).statusCode(200);

        try (KafkaTopicReader reader = new KafkaTopicReader(Topics.FEEDBACK)) {
            FeedbackEvent event = EventCodec.decode(
                    reader.awaitRecords(r -> email.equals(r.key()), l -> !l.isEmpty()).get(0).value(),
                    FeedbackEvent.class);
            assertEquals(77L, event.campaignId());
            assertEquals(7007L, event.subscriberId());
            assertEquals(FeedbackEvent.Kind.SOFT_BOUNCE, event.kind());
        }
    }

    @Test
    void feedbackForAnUnknownMessageIsPublishedByEmailOnly() {
        String unique = Webhook.newMessageId();
        String email = "full-" + unique + "@example.com";
        String ses = Webhook.fixtureFor("notification-bounce-transient", unique).replace("full@example.com", email);
        Webhook.postNotification(Webhook.newMessageId(), ses).statusCode(200);

        try (KafkaTopicReader reader = new KafkaTopicReader(Topics.FEEDBACK)) {
            FeedbackEvent event = EventCodec.decode(
                    reader.awaitRecords(r -> email.equals(r.key()), l -> !l.isEmpty()).get(0).value(),
                    FeedbackEvent.class);
            assertNull(event.campaignId());
            assertNull(event.subscriberId());
        }
    }

    @Test
    void aPoisonOutcomeGoesToTheDeadLetterTopic() throws Exception {
        String poison = "{\"type\":\"send.outcome\",\"version\":1,\"poison\":\"" + Webhook.newMessageId() + "\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTopicReader.producerConfig())) {
            producer.send(new ProducerRecord<>(Topics.OUTCOMES, "x", poison)).get();
        }
        try (KafkaTopicReader reader = new KafkaTopicReader(Topics.OUTCOMES_DLQ)) {
            List<ConsumerRecord<String, String>> dead = reader.awaitRecords(r -> poison.equals(r.value()),
                    l -> !l.isEmpty());
            assertEquals(1, dead.size());
        }
    }
}
