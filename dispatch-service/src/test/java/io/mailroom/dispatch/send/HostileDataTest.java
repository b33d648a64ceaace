package io.mailroom.dispatch.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.local.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Subscriber and campaign data with control characters stays data: it cannot add a header to the mail, and a mail
 * that cannot be built fails that recipient at once (FAILED render) instead of leaving it without an outcome.
 * Read through the real SMTP peer (GreenMail's received headers).
 */
@QuarkusTest
class HostileDataTest extends StackTest {
    private static final String INJECTED = "Bcc: evil@attacker.example";

    @Test
    void subscriberNameWithLineBreaksCannotAddAHeader() {
        CampaignState campaign = replicated(campaign("news@example.com", Map.of()));
        SendRequest send = send(campaign, "Bob\r\n" + INJECTED + "\nX-Injected: yes");

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.SENT);
        ReceivedMail mail = awaitMails(send, 1).get(0);
        assertThat(mail.subject()).isEqualTo("Hi Bob " + INJECTED + " X-Injected: yes");
        assertThat(mail.headers()).doesNotContainKeys("Bcc", "X-Injected");
        assertThat(mail.to()).containsExactly(send.email());
    }

    @Test
    void campaignHeaderValueAndFromNameWithLineBreaksCannotAddAHeader() {
        CampaignState campaign = replicated(campaign("\"Acme\r\n" + INJECTED + "\" <news@example.com>",
                Map.of("X-Campaign", "spring\r\n" + INJECTED)));
        SendRequest send = send(campaign, "Ada");

        kafka.publish(send);

        assertThat(awaitOutcomes(send, 1).get(0).result()).isEqualTo(Result.SENT);
        ReceivedMail mail = awaitMails(send, 1).get(0);
        assertThat(mail.headers()).doesNotContainKey("Bcc")
                .containsEntry("X-Campaign", "spring " + INJECTED);
        assertThat(mail.headers().get("From")).doesNotContain("\r", "\n").contains("news@example.com");
        assertThat(mail.to()).containsExactly(send.email());
    }

    /** A header name that is not one (here with a line break in it) fails the recipient at once, no retries. */
    @Test
    void mailThatCannotBeBuiltFailsAsRenderAtOnce() {
        CampaignState campaign = replicated(campaign("news@example.com", Map.of("X-Evil\r\nBcc", "evil@attacker.example")));
        SendRequest send = send(campaign, "Ada");

        kafka.publish(send);

        List<SendOutcome> outcomes = awaitOutcomes(send, 1);
        assertThat(outcomes.get(0).result()).isEqualTo(Result.FAILED);
        assertThat(outcomes.get(0).reason()).isEqualTo("render");
        assertThat(outcomes.get(0).detail()).contains("header name");
        assertThat(outcomes.get(0).attempts()).as("no delayed retry").isEqualTo(1);
        assertThat(mailsOf(send)).isEmpty();
    }

    /** An address the mail client refuses to encode is a build failure too: FAILED render, not a stalled send. */
    @Test
    void unusableFromAddressFailsAsRenderAtOnce() {
        CampaignState campaign = replicated(campaign("news@exa mple@.com <<", Map.of()));
        SendRequest send = send(campaign, "Ada");

        kafka.publish(send);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("render");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(mailsOf(send)).isEmpty();
    }

    private static CampaignState campaign(String from, Map<String, String> headers) {
        CampaignState c = DispatchFixtures.campaign(DispatchFixtures.newId(), "running", "<p>Hi {subscriber.name}</p>");
        return CampaignState.of(c.campaignId(), c.name(), "Hi {subscriber.name}", from, c.replyTo(), c.body(),
                c.contentType(), c.channel(), c.status(), c.statusReason(), c.listIds(), c.rateLimit(), headers,
                c.revision(), c.updatedAt(), c.warmup(), c.startedAt());
    }

    private static SendRequest send(CampaignState campaign, String name) {
        long subscriberId = DispatchFixtures.newId();
        return SendRequest.of(campaign.campaignId(), subscriberId, DispatchFixtures.email(subscriberId), 0, name,
                Map.of(), "http://127.0.0.1:8082/u/tok" + subscriberId, java.time.Instant.now());
    }
}
