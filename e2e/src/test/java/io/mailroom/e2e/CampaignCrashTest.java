package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.ServiceProcess;

/** kill -9 of campaign-service in the middle of a fan-out: it resumes from its cursor, no gap, no duplicate mail. */
class CampaignCrashTest {
    static final int MEMBERS = 8_000;

    @Test
    void killedMidFanOutAndRestartedFinishesExactlyWithoutDuplicates() {
        long campaign = Campaigns.draftCampaign("campaign crash", MEMBERS);
        E2e.operator().start(campaign, List.of());
        JsonNode atKill = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> E2e.operator().campaign(campaign), c -> c.at("/counts/total").asInt() > 0);

        ServiceProcess service = E2e.suite().service(Service.CAMPAIGN);
        service.kill();
        assertFalse(atKill.get("fanoutComplete").asBoolean(), "the kill came after the fan-out: " + atKill);
        service.start();
        service.awaitReady(Duration.ofMinutes(2));

        JsonNode end = E2e.operator().awaitFinished(campaign, Duration.ofMinutes(6), c -> { });
        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(MEMBERS, end.at("/counts/total").asInt(), end.toString());
        assertEquals(MEMBERS, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(0, E2e.duplicatesOf(campaign), "duplicate mails");
        assertEquals(MEMBERS, E2e.mailsByRecipient(campaign).size(), "distinct recipients at the SMTP server");
    }
}
