package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailroom.feedback.testing.LoopbackSnsPeer;
import io.mailroom.feedback.testing.SnsSigner;
import io.mailroom.feedback.testing.TestSigningKey;
import io.mailroom.local.LocalHttp;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * SES feedback folded back across services: signed SNS notifications reach feedback-service, subscriber-service
 * blocklists the hard-bounced and the complaining address, and the next campaign skips exactly them, with the reason.
 * A Delivery notification is acknowledged with 200 and changes nothing (listmonk answers it with 400).
 */
class FeedbackLoopTest {
    static final int MEMBERS = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bounceAndComplaintFromSesSkipThoseRecipientsInTheNextCampaign() throws Exception {
        Operator op = E2e.operator();
        long list = op.createList("feedback loop");
        op.importSubscribers(list, "loop-", MEMBERS, 0, Duration.ofMinutes(2));

        TestSigningKey key = TestSigningKey.generate();
        LoopbackSnsPeer peer = LoopbackSnsPeer.start(key.certificatePem());
        SnsSigner signer = new SnsSigner(key.privateKey(), peer.certUrl(), E2e.SNS_TOPIC, "2");
        assertEquals(200, post(signer.notification(UUID.randomUUID().toString(), bounce("loop-0@example.com"))));
        assertEquals(200, post(signer.notification(UUID.randomUUID().toString(), complaint("loop-1@example.com"))));
        assertEquals(200, post(signer.notification(UUID.randomUUID().toString(), delivery("loop-2@example.com"))));
        assertEquals(403, post(signer.withTopic("arn:aws:sns:us-east-1:123456789012:someone-else")
                .notification(UUID.randomUUID().toString(), bounce("loop-3@example.com"))));

        long campaign = op.createCampaign(list, "after feedback");
        JsonNode preflight = await().atMost(Duration.ofMinutes(2)).until(
                () -> op.api().get(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/preflight").ok(),
                p -> p.at("/audience/total").asInt() == MEMBERS && p.at("/audience/bounced").asInt() == 1
                        && p.at("/audience/complained").asInt() == 1);
        assertEquals(MEMBERS - 2, preflight.at("/audience/sendable").asInt(), preflight.toString());

        op.start(campaign, List.of("BLOCKLISTED_SHARE_HIGH", "BLOCKLIST_SPIKE"));
        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(3), c -> { });
        assertEquals(MEMBERS - 2, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(1, end.at("/skippedByReason/bounced").asInt(), end.toString());
        assertEquals(1, end.at("/skippedByReason/complained").asInt(), end.toString());
        var received = E2e.mailsByRecipient(campaign).keySet();
        assertEquals(MEMBERS - 2, received.size());
        assertTrue(!received.contains("loop-0@example.com") && !received.contains("loop-1@example.com"), received.toString());
    }

    static int post(String snsBody) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(E2e.suite().baseUrl(Service.FEEDBACK) + "/webhooks/ses"))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("x-amz-sns-message-type", "Notification")
                .POST(HttpRequest.BodyPublishers.ofString(snsBody)).build();
        return LocalHttp.client(Duration.ofSeconds(5)).send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static Map<String, Object> mail(String email) {
        return Map.of("timestamp", "2026-11-28T10:00:00.000Z", "source", "news@mailroom.test",
                "messageId", UUID.randomUUID() + "-000000", "destination", List.of(email));
    }

    static String bounce(String email) throws Exception {
        return JSON.writeValueAsString(Map.of("notificationType", "Bounce", "mail", mail(email), "bounce", Map.of(
                "bounceType", "Permanent", "bounceSubType", "General", "timestamp", "2026-11-28T10:00:01.000Z",
                "feedbackId", UUID.randomUUID().toString(), "bouncedRecipients", List.of(Map.of("emailAddress", email,
                        "action", "failed", "status", "5.1.1", "diagnosticCode", "smtp; 550 5.1.1 user unknown")))));
    }

    static String complaint(String email) throws Exception {
        return JSON.writeValueAsString(Map.of("notificationType", "Complaint", "mail", mail(email), "complaint", Map.of(
                "complainedRecipients", List.of(Map.of("emailAddress", email)), "timestamp", "2026-11-28T10:00:02.000Z",
                "feedbackId", UUID.randomUUID().toString(), "complaintFeedbackType", "abuse")));
    }

    static String delivery(String email) throws Exception {
        return JSON.writeValueAsString(Map.of("eventType", "Delivery", "mail", mail(email), "delivery", Map.of(
                "timestamp", "2026-11-28T10:00:03.000Z", "processingTimeMillis", 900, "recipients", List.of(email),
                "smtpResponse", "250 2.6.0 Message received")));
    }
}
