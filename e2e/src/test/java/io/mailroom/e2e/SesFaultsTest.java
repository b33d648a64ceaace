package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.fault.SesFaultProxy;
import io.mailroom.local.suite.Service;

/**
 * The SES channel under the account's limits, with the SES peer's truth (the proxy records what moto accepted):
 * throttling on every 3rd call delays mail but fails nobody; an exhausted daily quota pauses the campaign with the
 * reason, fails nobody and keeps the rest queued, and a resume after the quota frees sends exactly the rest; preflight
 * saw it coming (GetAccount's remaining quota below the audience) and the start had to acknowledge it.
 */
class SesFaultsTest {

    @Test
    void throttlingOnEveryThirdCallFailsNobody() {
        int members = 300;
        String name = "ses throttled";
        SesFaultProxy ses = E2e.sesProxy();
        long throttledBefore = ses.throttled();
        long unansweredBefore = ses.unansweredSends();
        long campaign = Campaigns.draftCampaign(name, members, "ses");
        ses.throttleEvery(3);
        JsonNode end;
        try {
            E2e.operator().start(campaign, List.of());
            end = E2e.operator().awaitFinished(campaign, Duration.ofMinutes(5), c -> { });
        } finally {
            ses.throttleEvery(0);
        }
        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(members, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(0, end.at("/counts/failed").asInt(), end.toString());
        assertTrue(ses.throttled() - throttledBefore >= members / 3, "the proxy throttled too little to prove anything");
        assertDeliveredOnceEach(name, members, end.get("ambiguous").asLong(),
                ses.unansweredSends() - unansweredBefore);
    }

    @Test
    void anExhaustedDailyQuotaPausesTheCampaignAndAResumeSendsTheRest() {
        int members = 200;
        int quota = 120;
        String name = "ses quota";
        SesFaultProxy ses = E2e.sesProxy();
        long unansweredBefore = ses.unansweredSends();
        long campaign = Campaigns.draftCampaign(name, members, "ses");
        ses.newQuotaWindow().quota(quota, 1_000);
        try {
            // preflight reads the account's quota (GetAccount) and blocks a start that would run past it
            JsonNode preflight = E2e.operator().api().get(Service.CAMPAIGN, "/api/campaigns/" + campaign
                    + "/preflight").ok();
            assertEquals(quota, preflight.at("/quota/remaining").asLong(), preflight.toString());
            assertTrue(preflight.get("warnings").findValuesAsText("code").contains("SES_QUOTA_EXCEEDED"),
                    preflight.toString());
            assertEquals(409, E2e.operator().api().post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/start",
                    Map.of("acknowledge", List.of())).status());
            E2e.operator().start(campaign, List.of("SES_QUOTA_EXCEEDED"));
            JsonNode paused = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> E2e.operator().campaign(campaign),
                            c -> "paused".equals(c.path("status").asText()) && c.at("/counts/sent").asInt() == quota);
            assertTrue(paused.path("statusReason").asText().contains("ses-quota-exceeded"), paused.toString());
            assertEquals(0, paused.at("/counts/failed").asInt(), paused.toString());
            assertEquals(members - quota, paused.at("/counts/queued").asInt(), paused.toString());
            assertTrue(ses.quotaRefusals() > 0);
        } finally {
            ses.quota(-1, 1_000).newQuotaWindow();
        }
        E2e.operator().resume(campaign);
        JsonNode end = E2e.operator().awaitFinished(campaign, Duration.ofMinutes(3), c -> { });
        assertEquals(members, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(0, end.at("/counts/failed").asInt(), end.toString());
        assertDeliveredOnceEach(name, members, end.get("ambiguous").asLong(),
                ses.unansweredSends() - unansweredBefore);
    }

    /**
     * SES accepted a mail for every member, and more than one only where Mailroom counted the send ambiguous; and
     * Mailroom counted ambiguous only sends whose answer really was lost ({@code unanswered}, the proxy's count of
     * SendEmail calls it could not answer: 0 unless something broke, since it never cuts a call itself).
     */
    private static void assertDeliveredOnceEach(String name, int members, long ambiguous, long unanswered) {
        String prefix = Campaigns.prefix(name);
        Map<String, Long> accepted = E2e.sesProxy().acceptedRecipients().stream().filter(r -> r.startsWith(prefix))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long duplicates = accepted.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("%s: %d recipients, %d accepted by SES, %d duplicates, %d ambiguous, %d SendEmail calls "
                + "unanswered%n", name, members, accepted.size(), duplicates, ambiguous, unanswered);
        assertTrue(ambiguous <= unanswered, ambiguous + " counted ambiguous, but only " + unanswered
                + " SendEmail calls went unanswered");
        assertTrue(accepted.size() >= members - ambiguous, "lost: SES accepted only " + accepted.size());
        assertTrue(duplicates <= ambiguous, duplicates + " duplicates but only " + ambiguous + " counted ambiguous");
    }
}
