package io.mailroom.dispatch.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.events.CampaignState;
import io.mailroom.events.Purpose;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.local.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;

/** Operator test sends: delivered whatever the campaign's status and the sample's suppression, once per key. */
@QuarkusTest
class TestSendTest extends StackTest {
    private static final String BODY = "<p>Hi {subscriber.name} from {subscriber.attributes.city}</p>";

    @Test
    void testSendOfADraftCampaignIsDeliveredOnceWithoutTheSuppressionCheck() {
        CampaignState draft = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "draft", BODY));
        // the sample subscriber is blocklisted and unsubscribed: a campaign send to it would be skipped
        SubscriberState sample = replicated(DispatchFixtures.subscriber(DispatchFixtures.newId(),
                SubscriberStatus.BLOCKLISTED, "hard bounce", SubscriptionStatus.UNSUBSCRIBED));
        long testId = DispatchFixtures.newId();
        SendRequest test = SendRequest.test(draft.campaignId(), testId, "qa" + testId + "@example.com",
                sample.subscriberId(), "Grace", Map.of("city", "Paris"), null, Instant.now());

        kafka.publish(test);
        kafka.publish(test);

        List<SendOutcome> outcomes = awaitOutcomes(test, 2);
        String messageId = "<test." + draft.campaignId() + "." + testId + "@mailroom>";
        assertThat(outcomes).extracting(SendOutcome::result).containsOnly(Result.SENT);
        assertThat(outcomes).extracting(SendOutcome::purpose).containsOnly(Purpose.TEST);
        assertThat(outcomes).extracting(SendOutcome::providerMessageId).containsOnly(messageId);
        ReceivedMail mail = awaitMails(test, 1).get(0);
        assertThat(mail.to()).containsExactly(test.email());
        assertThat(mail.subject()).isEqualTo("Hello Grace");
        assertThat(mail.messageId()).isEqualTo(messageId);
        assertThat(mailsOf(test)).as("the redelivered test send is not mailed again").hasSize(1);
    }

    @Test
    void testSendOfAPausedCampaignIsSentWhileItsCampaignSendsAreHeld() {
        CampaignState paused = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "paused", BODY));
        SendRequest test = SendRequest.test(paused.campaignId(), DispatchFixtures.newId(), "qa@example.com", 0,
                "Grace", Map.of("city", "Rome"), null, Instant.now());
        SendRequest held = DispatchFixtures.send(paused.campaignId(), DispatchFixtures.newId());

        kafka.publish(test);
        kafka.publish(held);

        assertThat(awaitOutcomes(test, 1).get(0).result()).isEqualTo(Result.SENT);
        assertThat(awaitMails(test, 1)).hasSize(1);
        SendOutcome heldOutcome = awaitOutcomes(held, 1).get(0);
        assertThat(heldOutcome.result()).isEqualTo(Result.DEFERRED);
        assertThat(heldOutcome.purpose()).isEqualTo(Purpose.CAMPAIGN);
    }
}
