package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.local.suite.Service;

/** A 10 s pause in mid-campaign: nothing is delivered while paused (after in-flight mail), and resume finishes exactly. */
class PauseResumeTest {
    static final int MEMBERS = 4_000;

    @Test
    void nothingIsDeliveredWhilePausedAndResumeFinishesWithExactTotals() {
        long campaign = Campaigns.startCampaign("pause resume", MEMBERS);
        await().atMost(Duration.ofMinutes(3)).until(() -> E2e.mailsByRecipient(campaign).size() >= 300);
        E2e.operator().api().post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/pause", Map.of()).ok();

        int settled = Campaigns.awaitDeliveriesSettled(campaign);
        // then not one more mail for 10 s
        await("no mail delivered during the pause").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                .until(() -> E2e.mailsByRecipient(campaign).size() == settled);
        assertEquals("paused", E2e.operator().campaign(campaign).get("status").asText());

        E2e.operator().api().post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/resume", Map.of()).ok();
        Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(5));
        assertEquals(0, E2e.duplicatesOf(campaign), "duplicate mails after resume");
    }
}
