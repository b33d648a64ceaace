package io.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * Reverting a bulk delete brings the subscribers fully back, in every replica: the next campaign's audience counts
 * them (campaign-service) and they are mailed, not skipped as deleted (dispatch). The SMTP server's inbox is the
 * truth.
 */
class BulkDeleteRevertTest {
    static final int MEMBERS = 200;

    @Test
    void halfAListDeletedAndRevertedIsMailedInFullByTheNextCampaign() {
        Operator op = E2e.operator();
        ApiClient api = op.api();
        long list = op.createList("Delete and revert");
        op.importSubscribers(list, "revert" + System.nanoTime() + "-", MEMBERS, 0, Duration.ofMinutes(5));
        List<Long> members = new ArrayList<>();
        api.get(Service.SUBSCRIBER, "/api/subscribers?list=" + list + "&size=1000").ok().get("items")
                .forEach(s -> members.add(s.get("id").asLong()));
        assertEquals(MEMBERS, members.size());

        long bulk = confirmed(api, Map.of("action", "delete", "ids", members.subList(0, MEMBERS / 2)));
        assertEquals(MEMBERS / 2, api.get(Service.SUBSCRIBER, "/api/bulk-actions/" + bulk).ok().get("affected").asInt());
        JsonNode reverted = api.post(Service.SUBSCRIBER, "/api/bulk-actions/" + bulk + "/revert", null).ok();
        assertEquals(MEMBERS / 2, reverted.get("restored").asInt(), reverted.toString());
        assertEquals(MEMBERS, api.get(Service.SUBSCRIBER, "/api/lists/" + list).ok().at("/counts/total").asInt());

        long campaign = op.createCampaign(list, "After the revert");
        JsonNode preflight = op.preflight(campaign, MEMBERS, Duration.ofMinutes(3));
        List<String> warnings = new ArrayList<>();
        preflight.get("warnings").forEach(w -> warnings.add(w.get("code").asText()));
        op.start(campaign, warnings);
        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(10), c -> { });
        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(MEMBERS, end.at("/counts/total").asInt(), end.toString());
        assertEquals(MEMBERS, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(0, end.at("/counts/skipped").asInt(), end.toString());
        SeedScenarioTest.assertNoDuplicates(campaign, MEMBERS);
    }

    /** Dry run, then the confirmed bulk action; returns its id. */
    private static long confirmed(ApiClient api, Map<String, Object> request) {
        JsonNode dryRun = api.post(Service.SUBSCRIBER, "/api/bulk-actions", request).ok();
        Map<String, Object> confirmed = new HashMap<>(request);
        confirmed.put("confirmToken", dryRun.get("confirmToken").asText());
        return api.post(Service.SUBSCRIBER, "/api/bulk-actions", confirmed).ok().get("id").asLong();
    }
}
