package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.mailroom.local.suite.Service;

/**
 * PostgreSQL stopped for 90 s in the middle of a campaign — longer than SmallRye's default
 * {@code throttled.unprocessed-record-max-age.ms} (60 s), so records wait unacknowledged in every consumer's retry
 * loop past it. Readiness goes DOWN on every service during the outage and UP after it (no channel failed), and the
 * campaign completes with exact totals (141 s on a loaded machine, so not tagged slow).
 */
class PostgresOutageTest {
    static final int MEMBERS = 3_000;
    static final Duration OUTAGE = Duration.ofSeconds(90);

    @Test
    void postgresDownForNinetySecondsMidCampaignKillsNoChannelAndLosesNobody() {
        long campaign = Campaigns.startCampaign("postgres outage", MEMBERS);
        await().atMost(Duration.ofMinutes(3)).until(() -> E2e.mailsByRecipient(campaign).size() >= 300);

        E2e.suite().stack().stopPostgres();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(PostgresOutageTest::noneReady);
            // the outage lasts 90 s from here, and no service claims to be ready during it
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(2))
                    .until(PostgresOutageTest::noneReady);
        } finally {
            E2e.suite().stack().startPostgres();
        }
        // a channel failed by the throttled commit strategy would keep its service's liveness DOWN for good
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(PostgresOutageTest::allReady);

        Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(PostgresOutageTest::allReady);
    }

    private static boolean noneReady() {
        return Arrays.stream(Service.values()).noneMatch(s -> E2e.suite().service(s).isReady());
    }

    // liveness too: SmallRye reports a channel failed by the throttled strategy there (LongWaitTest saw readiness UP)
    private static boolean allReady() {
        return Arrays.stream(Service.values()).map(s -> E2e.suite().service(s))
                .allMatch(p -> p.isReady() && p.isLive());
    }
}
