package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.ReceivedMail;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * An operator's test send of a draft campaign crosses campaign-service and dispatch: the mail reaches the given
 * address rendered for a sample subscriber, its outcome comes back to the test send, and the campaign stays a draft
 * with nobody counted.
 */
class TestSendFlowTest {

    @Test
    void aDraftsTestSendIsDeliveredRenderedForASampleAndNeverCounted() {
        Operator op = E2e.operator();
        long campaign = Campaigns.draftCampaign("test send", 3);
        String editor = "editor-" + campaign + "@mailroom.test";

        JsonNode accepted = op.api().post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/test",
                Map.of("emails", List.of(editor))).ok();
        assertTrue(accepted.toString().contains(editor), accepted.toString());

        ReceivedMail mail = await().atMost(Duration.ofMinutes(2)).until(() -> E2e.suite().stack().inbox().messages()
                .stream().filter(m -> m.to().contains(editor)).findFirst().orElse(null), m -> m != null);
        assertTrue(mail.subject().startsWith("News for Subscriber "), "not rendered for a sample: " + mail.subject());
        JsonNode tests = await().atMost(Duration.ofMinutes(1)).until(() -> op.api().get(Service.CAMPAIGN,
                "/api/campaigns/" + campaign + "/tests").ok(), t -> "SENT".equals(t.path(0).path("state").asText()));
        assertEquals(editor, tests.path(0).path("email").asText(), tests.toString());

        JsonNode draft = op.campaign(campaign);
        assertEquals("draft", draft.path("status").asText(), draft.toString());
        assertEquals(0, draft.at("/counts/total").asInt(), draft.toString());
        assertEquals(0, draft.at("/counts/sent").asInt(), draft.toString());
    }
}
