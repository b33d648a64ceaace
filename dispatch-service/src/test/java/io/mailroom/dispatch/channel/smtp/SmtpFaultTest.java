package io.mailroom.dispatch.channel.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.jboss.logmanager.ExtLogRecord;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * SMTP failure classes against a faulty SMTP server: 4xx and lost connections are retried through the
 * delayed-retry topics (two in the test profile, so three attempts), 5xx fails the recipient with the reply text.
 */
@QuarkusTest
@TestProfile(FaultySmtpProfile.class)
class SmtpFaultTest extends StackTest {
    private static final FaultySmtpServer SMTP = FaultySmtpProfile.SERVER;
    private CampaignState campaign;

    @Inject
    DispatchMetrics metrics;

    @BeforeEach
    void campaign() {
        campaign = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", "<p>Hi</p>"));
    }

    @Test
    void softRejectIsRetriedUntilAccepted() throws Exception {
        SendRequest send = publishTo("soft2-");

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);

        assertThat(outcome.result()).isEqualTo(Result.SENT);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(SMTP.acceptedKeys()).containsOnlyOnce(send.idempotencyKey());
        assertThat(consumerGroups()).as("one retry consumer group shared by the channel's copies")
                .contains("dispatch-retry").noneMatch(group -> group.startsWith("kafka-delayed-retry-topic"));
    }

    /** A 4xx reply names the recipient; INFO logs (shipped, kept, read widely) carry the key but not the address. */
    @Test
    void transientReplyIsLoggedWithoutTheRecipientAddress() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger processor = Logger.getLogger("io.mailroom.dispatch.send.SendProcessor");
        processor.addHandler(capture);
        try {
            SendRequest send = publishTo("soft2-");

            assertThat(awaitOutcomes(send, 1).get(0).result()).isEqualTo(Result.SENT);
            assertThat(logged).as("the retries were logged").filteredOn(m -> m.contains(send.idempotencyKey()))
                    .hasSizeGreaterThanOrEqualTo(2).allSatisfy(m -> assertThat(m).contains("451 4.7.1"));
            assertThat(logged).noneMatch(m -> m.contains(send.email()));
        } finally {
            processor.removeHandler(capture);
        }
    }

    @Test
    void hardRejectFailsTheRecipientWithTheReplyText() {
        SendRequest send = publishTo("hard-");

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("smtp-permanent");
        assertThat(outcome.detail()).contains("550 5.1.1").contains("user unknown");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void softRejectPastTheRetryBudgetFailsAsExhaustedAndIsDeadLettered() {
        SendRequest send = publishTo("softall-");

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("exhausted");
        assertThat(outcome.detail()).contains("451 4.7.1");
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(awaitDeadLetterReason(send.idempotencyKey())).startsWith("exhausted");
    }

    /**
     * Vert.x Mail reports a lost connection alike before and after the final dot, so dispatch resends (nobody is
     * lost) and counts the possible duplicate: the ambiguous count is an upper bound of the real duplicates.
     */
    @ParameterizedTest
    @CsvSource({"cutrcpt-, 1", "cutdot-, 2"})
    void lostConnectionIsResentAndCountedAsAmbiguous(String prefix, int deliveries) {
        double ambiguousBefore = metrics.ambiguousCount();
        SendRequest send = publishTo(prefix);

        SendOutcome outcome = awaitOutcomes(send, 1).get(0);

        assertThat(outcome.result()).isEqualTo(Result.SENT);
        assertThat(outcome.ambiguous()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(SMTP.acceptedKeys()).containsOnlyOnce(send.idempotencyKey());
        assertThat(SMTP.deliveredKeys()).filteredOn(send.idempotencyKey()::equals).hasSize(deliveries);
        assertThat(metrics.ambiguousCount()).isEqualTo(ambiguousBefore + 1);
    }

    private static List<String> consumerGroups() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                MailroomStackResource.stack().kafkaBootstrap()))) {
            return admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).toList();
        }
    }

    private SendRequest publishTo(String prefix) {
        SendRequest send = DispatchFixtures.sendTo(campaign.campaignId(),
                prefix + DispatchFixtures.newId() + "@example.com");
        kafka.publish(send);
        return send;
    }
}
