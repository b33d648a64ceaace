package io.mailroom.dispatch.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.TopicProbe;
import io.mailroom.dispatch.campaign.CampaignReplica;
import io.mailroom.dispatch.suppression.SubscriberReplica;
import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.mailroom.local.ReceivedMail;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The send path end to end through the real broker, database and SMTP server. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"),
        restrictToAnnotatedClass = false)
class SendFlowTest {
    private static final String BODY = "<p>Hi {subscriber.name} from {subscriber.attributes.city}</p>";
    private static DispatchFixtures kafka;
    private static TopicProbe outcomes;

    @Inject
    CampaignReplica campaigns;

    @Inject
    SubscriberReplica subscribers;

    @BeforeAll
    static void connect() {
        String bootstrap = MailroomStackResource.stack().kafkaBootstrap();
        kafka = new DispatchFixtures(bootstrap);
        outcomes = new TopicProbe(bootstrap, Topics.OUTCOMES);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
        outcomes.close();
    }

    @Test
    void sendsTheMailWithItsHeadersAndReportsSent() {
        CampaignState campaign = runningCampaign(BODY);
        SendRequest send = knownSubscriberSend(campaign, SubscriberStatus.ENABLED, null, SubscriptionStatus.CONFIRMED);

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.SENT);
        assertThat(outcome.channel()).isEqualTo("smtp");
        assertThat(outcome.attempts()).isEqualTo(1);
        String messageId = "<" + campaign.campaignId() + "." + send.subscriberId() + ".0@mailroom>";
        assertThat(outcome.providerMessageId()).isEqualTo(messageId);
        ReceivedMail mail = awaitMails(send, 1).get(0);
        assertThat(mail.to()).containsExactly(send.email());
        assertThat(mail.subject()).isEqualTo("Hello " + send.name());
        assertThat(mail.messageId()).isEqualTo(messageId);
        assertThat(mail.headers()).containsEntry("X-Mailroom-Key", send.idempotencyKey())
                .containsEntry("List-Unsubscribe", "<" + send.unsubscribeUrl() + ">")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .containsEntry("X-Campaign", Long.toString(campaign.campaignId()));
    }

    @Test
    void unknownSubscriberIsSentToBecauseCampaignServiceCheckedIt() {
        CampaignState campaign = runningCampaign(BODY);
        SendRequest send = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId());

        kafka.publish(send);

        assertThat(awaitOutcomes(send, 1).get(0).result()).isEqualTo(Result.SENT);
        assertThat(awaitMails(send, 1)).hasSize(1);
    }

    @Test
    void blocklistedSubscriberIsSkippedWithItsReasonAndGetsNoMail() {
        CampaignState campaign = runningCampaign(BODY);
        SendRequest send = knownSubscriberSend(campaign, SubscriberStatus.BLOCKLISTED, "hard bounce",
                SubscriptionStatus.CONFIRMED);

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.SKIPPED);
        assertThat(outcome.reason()).isEqualTo("blocklisted");
        assertThat(outcome.detail()).isEqualTo("hard bounce");
        assertThat(mailsOf(send)).isEmpty();
    }

    @Test
    void subscriberUnsubscribedFromTheCampaignListsIsSkipped() {
        CampaignState campaign = runningCampaign(BODY);
        SendRequest send = knownSubscriberSend(campaign, SubscriberStatus.ENABLED, null,
                SubscriptionStatus.UNSUBSCRIBED);

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.SKIPPED);
        assertThat(outcome.reason()).isEqualTo("unsubscribed");
        assertThat(mailsOf(send)).isEmpty();
    }

    @Test
    void redeliveredSendIsMailedOnceAndItsOutcomeRepeated() {
        CampaignState campaign = runningCampaign(BODY);
        SendRequest send = knownSubscriberSend(campaign, SubscriberStatus.ENABLED, null, SubscriptionStatus.CONFIRMED);

        kafka.publish(send);
        kafka.publish(send);

        List<SendOutcome> both = awaitOutcomes(send, 2);
        assertThat(both).extracting(SendOutcome::result).containsOnly(Result.SENT);
        assertThat(both).extracting(SendOutcome::providerMessageId).containsOnly(both.get(0).providerMessageId());
        assertThat(both).extracting(SendOutcome::attempts).containsOnly(1);
        assertThat(mailsOf(send)).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"paused, DEFERRED, campaign-paused", "cancelled, SKIPPED, cancelled"})
    void heldCampaignSettlesTheSendWithoutMailing(String status, Result result, String reason) {
        CampaignState campaign = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), status, BODY));
        SendRequest send = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId());

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(result);
        assertThat(outcome.reason()).isEqualTo(reason);
        assertThat(mailsOf(send)).isEmpty();
    }

    @Test
    void renderFailureFailsThatRecipientOnly() {
        CampaignState campaign = runningCampaign("<p>{subscriber.attributes.plan}</p>");
        SendRequest broken = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId());
        SendRequest fine = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId(), Map.of("plan", "gold"));

        kafka.publish(broken);
        kafka.publish(fine);

        SendOutcome failed = awaitOutcomes(broken, 1).get(0);
        assertThat(failed.result()).isEqualTo(Result.FAILED);
        assertThat(failed.reason()).isEqualTo("render");
        assertThat(mailsOf(broken)).isEmpty();
        assertThat(awaitOutcomes(fine, 1).get(0).result()).isEqualTo(Result.SENT);
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndTheNextOneIsProcessed() {
        CampaignState campaign = runningCampaign(BODY);
        SendRequest send = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId());
        String poison = "{\"type\":\"send.request\",\"version\":1,\"poison\":" + send.subscriberId() + "}";
        String key = Long.toString(send.subscriberId());

        try (TopicProbe dlq = new TopicProbe(MailroomStackResource.stack().kafkaBootstrap(), Topics.SENDS_DLQ)) {
            kafka.publishRaw(Topics.SENDS, key, poison);
            kafka.publish(send);

            assertThat(awaitOutcomes(send, 1).get(0).result()).isEqualTo(Result.SENT);
            ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .until(() -> dlq.records().stream().filter(r -> poison.equals(r.value())).findFirst(),
                            r -> r.isPresent()).get();
            String reason = new String(dead.headers().lastHeader(SendsConsumer.DEAD_LETTER_REASON).value(),
                    StandardCharsets.UTF_8);
            assertThat(reason).contains("campaignId");
        }
    }

    private CampaignState runningCampaign(String body) {
        return replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", body));
    }

    private CampaignState replicated(CampaignState campaign) {
        kafka.publish(campaign);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            CampaignState known = campaigns.find(campaign.campaignId()).await().indefinitely();
            return known != null && known.status().equals(campaign.status());
        });
        return campaign;
    }

    private SendRequest knownSubscriberSend(CampaignState campaign, SubscriberStatus status, String reason,
            SubscriptionStatus subscription) {
        SubscriberState subscriber = DispatchFixtures.subscriber(DispatchFixtures.newId(), status, reason, subscription);
        kafka.publish(subscriber);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> subscribers.find(subscriber.subscriberId()).await().indefinitely() != null);
        return DispatchFixtures.send(campaign.campaignId(), subscriber.subscriberId());
    }

    private static List<SendOutcome> awaitOutcomes(SendRequest send, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> outcomesOf(send), list -> list.size() >= count);
    }

    private static List<SendOutcome> outcomesOf(SendRequest send) {
        return outcomes.records().stream()
                .map(r -> EventCodec.decode(r.value(), SendOutcome.class))
                .filter(o -> o.idempotencyKey().equals(send.idempotencyKey()))
                .toList();
    }

    private static List<ReceivedMail> awaitMails(SendRequest send, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> mailsOf(send), list -> list.size() >= count);
    }

    private static List<ReceivedMail> mailsOf(SendRequest send) {
        return MailroomStackResource.stack().inbox().messages().stream()
                .filter(m -> send.idempotencyKey().equals(m.headers().get("X-Mailroom-Key")))
                .toList();
    }
}
