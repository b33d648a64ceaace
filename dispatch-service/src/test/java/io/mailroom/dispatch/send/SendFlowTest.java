package io.mailroom.dispatch.send;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.mailroom.local.ReceivedMail;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The send path end to end through the real broker, database and SMTP server. */
@QuarkusTest
class SendFlowTest extends StackTest {
    private static final String BODY = "<p>Hi {subscriber.name} from {subscriber.attributes.city}</p>";

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

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

        kafka.publishRaw(Topics.SENDS, key, poison);
        kafka.publish(send);

        assertThat(awaitOutcomes(send, 1).get(0).result()).isEqualTo(Result.SENT);
        assertThat(awaitDeadLetterReason(poison)).contains("required property 'campaignId' not found");
    }

    /**
     * A failure nobody classified (here: a campaign replica row this version cannot read, as one written by a newer
     * dispatch) gets the delayed retries; on the last one the recipient still gets FAILED(exhausted) before the
     * record is dead-lettered, so the campaign's accounting can complete.
     */
    @Test
    void unexpectedFailureOnTheLastAttemptFailsAsExhaustedAndIsDeadLettered() {
        long campaignId = DispatchFixtures.newId();
        String unreadable = "{\"type\":\"campaign.state\",\"version\":99,\"campaignId\":" + campaignId + "}";
        pool.preparedQuery("INSERT INTO campaign_replica (campaign_id, revision, state) VALUES ($1, 1, $2)")
                .execute(Tuple.of(campaignId, unreadable)).await().indefinitely();
        SendRequest send = DispatchFixtures.send(campaignId, DispatchFixtures.newId());

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("exhausted");
        assertThat(outcome.detail()).startsWith("unexpected").contains("unsupported version 99");
        assertThat(outcome.attempts()).as("first delivery and the test profile's two retries").isEqualTo(3);
        assertThat(awaitDeadLetterReason(send.idempotencyKey())).startsWith("unexpected");
        assertThat(outcomesOf(send)).hasSize(1);
    }

    @Test
    void sesChannelSendsWithTheProviderMessageId() {
        String from = "ses" + DispatchFixtures.newId() + "@example.com";
        MailroomStackResource.stack().verifySesIdentity(from);
        CampaignState campaign = replicated(
                DispatchFixtures.campaign(DispatchFixtures.newId(), "running", BODY, "ses", from));
        SendRequest send = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId());

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.SENT);
        assertThat(outcome.channel()).isEqualTo("ses");
        assertThat(outcome.providerMessageId()).isNotBlank().isNotEqualTo(MailComposer.messageId(send));
    }

    @Test
    void sesRejectionFailsTheRecipient() {
        CampaignState campaign = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", BODY, "ses",
                "unverified" + DispatchFixtures.newId() + "@example.com"));
        SendRequest send = DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId());

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("ses-rejected");
    }

    @Test
    void campaignRateLimitPacesSendsWithoutLosingAny() {
        CampaignState limited = replicated(withRate(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", BODY), 2));
        List<SendRequest> sends = List.of(DispatchFixtures.send(limited.campaignId(), DispatchFixtures.newId()),
                DispatchFixtures.send(limited.campaignId(), DispatchFixtures.newId()),
                DispatchFixtures.send(limited.campaignId(), DispatchFixtures.newId()));
        double waitsBefore = rateLimitWaits();

        sends.forEach(kafka::publish);

        sends.forEach(send -> assertThat(awaitOutcomes(send, 1).get(0).result()).isEqualTo(Result.SENT));
        assertThat(rateLimitWaits()).isGreaterThan(waitsBefore);
    }

    @Test
    void statusShowsPartitionsChannelsAndNeedsAToken() {
        given().auth().oauth2("test-viewer-token").get("/api/dispatch/status").then().statusCode(200)
                .body("assignedPartitions", equalTo(12)).body("totalPartitions", equalTo(12))
                .body("channels.name", hasItems("smtp", "ses"));
        given().get("/api/dispatch/status").then().statusCode(401);
    }

    private double rateLimitWaits() {
        return registry.find("mailroom.dispatch.rate-limit.wait").timers().stream().mapToLong(t -> t.count()).sum();
    }

    private static CampaignState withRate(CampaignState c, int rate) {
        return CampaignState.of(c.campaignId(), c.name(), c.subject(), c.fromEmail(), c.replyTo(), c.body(),
                c.contentType(), c.channel(), c.status(), c.statusReason(), c.listIds(), rate, c.headers(),
                c.revision(), c.updatedAt(), c.warmup(), c.startedAt());
    }

    private CampaignState runningCampaign(String body) {
        return replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", body));
    }

    private SendRequest knownSubscriberSend(CampaignState campaign, SubscriberStatus status, String reason,
            SubscriptionStatus subscription) {
        SubscriberState subscriber = replicated(
                DispatchFixtures.subscriber(DispatchFixtures.newId(), status, reason, subscription));
        return DispatchFixtures.send(campaign.campaignId(), subscriber.subscriberId());
    }
}
