package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Kafka or PostgreSQL restarts in the middle of a campaign: every service reconnects and nobody is lost. */
class InfrastructureRestartTest {
    static final int MEMBERS = 3_000;

    @Test
    void brokerRestartMidCampaignLosesNobody() {
        restartMidCampaign("broker restart", () -> E2e.suite().stack().restartKafka());
    }

    @Test
    void postgresRestartMidCampaignLosesNobody() {
        restartMidCampaign("postgres restart", () -> E2e.suite().stack().restartPostgres());
    }

    static void restartMidCampaign(String name, Runnable restart) {
        long campaign = Campaigns.startCampaign(name, MEMBERS);
        await().atMost(Duration.ofMinutes(3)).until(() -> E2e.mailsByRecipient(campaign).size() >= 300);
        restart.run();
        Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(6));
    }
}
