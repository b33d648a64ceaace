package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * The incident Mailroom exists for, end to end through all four services: a mistaken bulk action blocklists part of
 * a list; preflight names it; an acknowledged campaign finishes with every recipient accounted for (never earlier);
 * reverting the bulk action and resending reaches exactly the skipped ones. The SMTP server's inbox is the truth.
 */
class SeedScenarioTest {
    // 2,000 / 1,000 in the test command; the full size runs with -Dmailroom.e2e.seed.members=40000
    static final int MEMBERS = Integer.getInteger("mailroom.e2e.seed.members", 2_000);
    static final int BLOCKED = MEMBERS / 2;

    @Test
    void mistakenBulkBlocklistIsNamedSkippedRevertedAndResentWithNobodyLostOrDuplicated() {
        Operator op = E2e.operator();
        ApiClient api = op.api();
        long list = op.createList("Seed scenario");
        op.importSubscribers(list, "seed", MEMBERS, BLOCKED, Duration.ofMinutes(10));
        long bulk = op.blocklistDomain(list, "other.example");
        long campaign = op.createCampaign(list, "Seed campaign");

        JsonNode preflight = op.preflight(campaign, MEMBERS, Duration.ofMinutes(10));
        assertEquals(BLOCKED, preflight.at("/audience/blocklisted").asInt());
        JsonNode warning = StreamSupport.stream(preflight.get("warnings").spliterator(), false)
                .filter(w -> w.get("code").asText().equals("BLOCKLISTED_SHARE_HIGH")).findFirst().orElseThrow();
        assertEquals(bulk, warning.get("bulkActionId").asLong(), warning.toString());
        assertTrue(warning.get("message").asText().contains("bulk action " + bulk), warning.toString());

        ApiClient.Reply refused = api.post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/start",
                Map.of("acknowledge", List.of()));
        assertEquals(409, refused.status(), refused.raw());

        op.start(campaign, List.of("BLOCKLISTED_SHARE_HIGH", "BLOCKLIST_SPIKE"));
        List<String> statusesBeforeTheEnd = new ArrayList<>();
        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(20), c -> {
            JsonNode n = c.get("counts");
            if (n.get("queued").asLong() > 0 || n.get("total").asLong() < MEMBERS) {
                statusesBeforeTheEnd.add(c.get("status").asText());
            }
        });
        assertTrue(statusesBeforeTheEnd.stream().noneMatch("finished"::equals), "finished while recipients queued");
        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(MEMBERS, end.at("/counts/total").asInt());
        assertEquals(MEMBERS - BLOCKED, end.at("/counts/sent").asInt());
        assertEquals(BLOCKED, end.at("/counts/skipped").asInt());
        assertEquals(BLOCKED, end.at("/skippedByReason/blocklisted").asInt());
        assertEquals(0, end.at("/counts/failed").asInt());
        assertNoDuplicates(campaign, MEMBERS - BLOCKED);

        api.post(Service.SUBSCRIBER, "/api/bulk-actions/" + bulk + "/revert", null).ok();
        awaitSendable(op, campaign, MEMBERS);
        JsonNode resend = api.post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/resend",
                Map.of("states", List.of("SKIPPED"), "reasons", List.of("blocklisted"))).ok();
        assertEquals(BLOCKED, resend.get("requeued").asInt(), resend.toString());
        JsonNode after = op.awaitFinished(campaign, Duration.ofMinutes(20), c -> { });
        assertEquals(MEMBERS, after.at("/counts/sent").asInt(), after.toString());
        assertEquals(0, after.at("/counts/skipped").asInt());
        assertNoDuplicates(campaign, MEMBERS);
    }

    static void awaitSendable(Operator op, long campaign, int expected) {
        await().atMost(Duration.ofMinutes(10)).until(() -> op.api()
                .get(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/preflight").ok()
                .at("/audience/sendable").asInt() == expected);
    }

    /** The SMTP server holds exactly {@code expected} mails of the campaign, one per recipient. */
    static void assertNoDuplicates(long campaign, int expected) {
        assertEquals(0, E2e.duplicatesOf(campaign), "duplicate mails at the SMTP server");
        assertEquals(expected, E2e.mailsByRecipient(campaign).size(), "distinct recipients at the SMTP server");
    }
}
