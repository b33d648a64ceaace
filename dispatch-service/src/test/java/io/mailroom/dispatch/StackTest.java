package io.mailroom.dispatch;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.mailroom.dispatch.campaign.CampaignReplica;
import io.mailroom.dispatch.send.SendsConsumer;
import io.mailroom.dispatch.suppression.SubscriberReplica;
import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.Topics;
import io.mailroom.local.ReceivedMail;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Base of dispatch's tests against the real stack: publishes upstream events and reads outcomes and dead letters. */
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"),
        restrictToAnnotatedClass = false)
public abstract class StackTest {
    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static DispatchFixtures kafka;
    private static TopicProbe outcomes;
    private static TopicProbe deadLetters;

    @Inject
    protected CampaignReplica campaigns;

    @Inject
    protected SubscriberReplica subscribers;

    @BeforeAll
    static void connect() {
        String bootstrap = MailroomStackResource.stack().kafkaBootstrap();
        kafka = new DispatchFixtures(bootstrap);
        outcomes = new TopicProbe(bootstrap, Topics.OUTCOMES);
        deadLetters = new TopicProbe(bootstrap, Topics.SENDS_DLQ);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
        outcomes.close();
        deadLetters.close();
    }

    /** Publishes the campaign and waits until dispatch's replica knows it in that status. */
    protected CampaignState replicated(CampaignState campaign) {
        kafka.publish(campaign);
        await().atMost(PATIENCE).until(() -> {
            CampaignState known = campaigns.find(campaign.campaignId()).await().indefinitely();
            return known != null && known.status().equals(campaign.status());
        });
        return campaign;
    }

    /** Publishes the subscriber and waits until dispatch's replica knows it. */
    protected SubscriberState replicated(SubscriberState subscriber) {
        kafka.publish(subscriber);
        await().atMost(PATIENCE)
                .until(() -> subscribers.find(subscriber.subscriberId()).await().indefinitely() != null);
        return subscriber;
    }

    protected static List<SendOutcome> awaitOutcomes(SendRequest send, int count) {
        return await().atMost(PATIENCE).pollInSameThread()
                .until(() -> outcomesOf(send), list -> list.size() >= count);
    }

    protected static List<SendOutcome> outcomesOf(SendRequest send) {
        return outcomes.records().stream()
                .map(r -> EventCodec.decode(r.value(), SendOutcome.class))
                .filter(o -> o.idempotencyKey().equals(send.idempotencyKey()))
                .toList();
    }

    protected static List<ReceivedMail> awaitMails(SendRequest send, int count) {
        return await().atMost(PATIENCE).until(() -> mailsOf(send), list -> list.size() >= count);
    }

    /** Mails GreenMail received for the send (by its X-Mailroom-Key header). */
    protected static List<ReceivedMail> mailsOf(SendRequest send) {
        return MailroomStackResource.stack().inbox().messages().stream()
                .filter(m -> send.idempotencyKey().equals(m.headers().get("X-Mailroom-Key")))
                .toList();
    }

    /** The dead-letter reason of the first DLQ record whose value contains {@code marker}, once there is one. */
    protected static String awaitDeadLetterReason(String marker) {
        ConsumerRecord<String, String> dead = await().atMost(PATIENCE).pollInSameThread()
                .until(() -> deadLetters.records().stream().filter(r -> r.value().contains(marker)).findFirst(),
                        Optional::isPresent).get();
        return new String(dead.headers().lastHeader(SendsConsumer.DEAD_LETTER_REASON).value(), StandardCharsets.UTF_8);
    }
}
