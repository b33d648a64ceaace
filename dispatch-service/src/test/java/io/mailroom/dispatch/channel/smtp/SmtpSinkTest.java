package io.mailroom.dispatch.channel.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Reply classes against a real Postfix {@code smtp-sink}: soft rejects for a period are retried, hard ones fail. */
@QuarkusTest
@TestProfile(SmtpSinkProfile.class)
class SmtpSinkTest extends StackTest {
    private static final SmtpSinkProcess SINK = SmtpSinkProfile.SINK;

    @Inject
    DispatchMetrics metrics;

    @AfterAll
    static void stopSink() {
        SINK.close();
    }

    @Test
    void softRejectForAPeriodThenHealthyEndsWithEverySendSent() {
        SINK.restart("-r", "RCPT");
        CampaignState campaign = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", "<p>Hi</p>"));
        double retriesBefore = metrics.retryCount();
        List<SendRequest> sends = IntStream.range(0, 5)
                .mapToObj(i -> DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId())).toList();

        sends.forEach(kafka::publish);
        await().atMost(PATIENCE).until(() -> metrics.retryCount() >= retriesBefore + sends.size());
        SINK.restart();

        List<SendOutcome> outcomes = sends.stream().map(send -> awaitOutcomes(send, 1).get(0)).toList();
        assertThat(outcomes).extracting(SendOutcome::result).containsOnly(Result.SENT);
        assertThat(outcomes).extracting(SendOutcome::attempts).allMatch(attempts -> attempts > 1);
    }

    @Test
    void hardRejectFailsEveryRecipientWithTheReplyText() {
        SINK.restart("-f", "RCPT");
        CampaignState campaign = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", "<p>Hi</p>"));
        List<SendRequest> sends = IntStream.range(0, 3)
                .mapToObj(i -> DispatchFixtures.send(campaign.campaignId(), DispatchFixtures.newId())).toList();

        sends.forEach(kafka::publish);

        List<SendOutcome> outcomes = sends.stream().map(send -> awaitOutcomes(send, 1).get(0)).toList();
        assertThat(outcomes).extracting(SendOutcome::result).containsOnly(Result.FAILED);
        assertThat(outcomes).extracting(SendOutcome::reason).containsOnly("smtp-permanent");
        // smtp-sink -f answers a rejected command with "500 5.3.0 Error: command failed"
        assertThat(outcomes).extracting(SendOutcome::detail)
                .allMatch(detail -> detail.contains("500 5.3.0 Error: command failed"));
        assertThat(outcomes).extracting(SendOutcome::attempts).containsOnly(1);
    }
}
