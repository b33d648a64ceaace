package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.Ports;
import io.mailroom.local.SmtpSink;
import io.mailroom.local.fault.FaultProxy;
import io.mailroom.local.suite.Service;

/**
 * SMTP rejections from Postfix's smtp-sink: a server soft-rejecting every recipient for 30 s (then the healthy
 * server again) delays mail but loses and fails nobody; a server hard-rejecting every recipient fails each one with
 * the server's reply, and the campaign still finishes with exact totals.
 */
class SmtpRejectTest {
    static final Duration SOFT_REJECT_PERIOD = Duration.ofSeconds(30);

    @Test
    void aSoftRejectingServerDelaysMailButEveryRecipientEndsSent() {
        int members = 300;
        long campaign = Campaigns.draftCampaign("smtp soft reject", members);
        FaultProxy proxy = E2e.smtpProxy();
        try (SmtpSink softRejecting = SmtpSink.start(Ports.resolve(0, "smtp-sink"),
                Path.of("target", "e2e-state", "logs", "smtp-sink-soft.log"), List.of("-r", "RCPT"))) {
            long connectionsBefore = proxy.connections();
            proxy.retarget(softRejecting.port());
            E2e.operator().start(campaign, List.of());
            // the server stays soft-rejecting for the whole period, and until dispatch has actually talked to it
            await().pollDelay(SOFT_REJECT_PERIOD).atMost(SOFT_REJECT_PERIOD.plusMinutes(3))
                    .until(() -> proxy.connections() > connectionsBefore);
        } finally {
            proxy.retarget(E2e.greenMailPort());
        }
        Campaigns.awaitAllSentDespiteFaults(campaign, members, Duration.ofMinutes(6));
        long retried = recipients(campaign, "SENT").findValuesAsText("attempts").stream()
                .filter(a -> Integer.parseInt(a) > 1).count();
        assertTrue(retried > 0, "no recipient needed a second attempt: the soft rejects never happened");
    }

    @Test
    void aHardRejectingServerFailsEachRecipientWithItsReplyAndTheCampaignFinishes() {
        int members = 120;
        long campaign = Campaigns.draftCampaign("smtp hard reject", members);
        FaultProxy proxy = E2e.smtpProxy();
        long deliveredBefore = E2e.mailsByRecipient(campaign).size();
        JsonNode end;
        try (SmtpSink hardRejecting = SmtpSink.start(Ports.resolve(0, "smtp-sink"),
                Path.of("target", "e2e-state", "logs", "smtp-sink-hard.log"), List.of("-f", "RCPT"))) {
            proxy.retarget(hardRejecting.port());
            E2e.operator().start(campaign, List.of());
            end = E2e.operator().awaitFinished(campaign, Duration.ofMinutes(4), c -> { });
        } finally {
            proxy.retarget(E2e.greenMailPort());
        }
        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(members, end.at("/counts/total").asInt(), end.toString());
        assertEquals(members, end.at("/counts/failed").asInt(), end.toString());
        assertEquals(0, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(0, E2e.mailsByRecipient(campaign).size() - deliveredBefore);
        JsonNode failed = recipients(campaign, "FAILED");
        assertEquals(members, failed.size());
        for (JsonNode r : failed) {
            assertEquals("smtp-permanent", r.path("reason").asText(), r.toString());
            assertTrue(r.path("detail").asText().contains("5.3.0 Error: command failed"), r.toString());
        }
    }

    private static JsonNode recipients(long campaign, String state) {
        return E2e.operator().api().get(Service.CAMPAIGN,
                "/api/campaigns/" + campaign + "/recipients?state=" + state + "&size=1000").ok();
    }
}
