package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.ServiceProcess;

/**
 * A 1 msg/s campaign over two dispatch instances: each takes half the rate (0.5 msg/s) and holds ~40 sends waiting for
 * their tokens, the last of them for ~80 s — past SmallRye's default unacknowledged-record age (60 s). The campaign
 * runs to the end, every member mailed once, and both instances' channels stay alive.
 */
class SlowCampaignTwoDispatchTest {
    static final int MEMBERS = 80;

    @Test
    void oneMessagePerSecondOverTwoInstancesRunsToTheEndWithHealthyChannels() {
        String name = "slow two dispatch";
        Operator op = E2e.operator();
        long list = op.createList(name);
        op.importSubscribers(list, Campaigns.prefix(name), MEMBERS, 0, Duration.ofMinutes(3));
        long campaign = op.api().post(Service.CAMPAIGN, "/api/campaigns", Map.of("name", name, "channel", "smtp",
                "subject", "News for {subscriber.name}", "fromEmail", "news@mailroom.test", "lists", List.of(list),
                "body", "<p>Hello {subscriber.name}!</p>", "rateLimit", 1)).ok().get("id").asLong();
        op.preflight(campaign, MEMBERS, Duration.ofMinutes(3));
        ServiceProcess first = E2e.suite().service(Service.DISPATCH);

        ServiceProcess second = E2e.suite().startTwin(Service.DISPATCH);
        try {
            // the group has rebalanced: each instance owns part of mailroom.sends, so each gets half the rate
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode status = op.api().get(Service.DISPATCH, "/api/dispatch/status").ok();
                int assigned = status.get("assignedPartitions").asInt();
                return assigned > 0 && assigned < status.get("totalPartitions").asInt();
            });
            op.start(campaign, List.of());

            JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(5), c -> { });
            assertEquals("finished", end.get("status").asText(), end.toString());
            assertEquals(MEMBERS, end.at("/counts/sent").asInt(), end.toString());
            assertEquals(MEMBERS, E2e.mailsByRecipient(campaign).size(), "recipients mailed");
            assertEquals(0, E2e.duplicatesOf(campaign), "duplicates");
            assertTrue(first.isLive(), "dispatch #1 liveness (a channel failed by SmallRye turns it DOWN)");
            assertTrue(second.isLive(), "dispatch #2 liveness");
        } finally {
            second.stop();
        }
    }
}
