package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The Kafka broker restarts in the middle of a campaign: every service reconnects and nobody is lost. */
class BrokerRestartTest {
    static final int MEMBERS = 3_000;

    @Test
    void brokerRestartMidCampaignLosesNobody() {
        long campaign = Campaigns.startCampaign("broker restart", MEMBERS);
        await().atMost(Duration.ofMinutes(3)).until(() -> E2e.mailsByRecipient(campaign).size() >= 300);

        E2e.suite().stack().restartKafka();

        Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(6));
    }
}
