package io.mailroom.campaign;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.ListCommand;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class CampaignFlowTest {
    static final String OPERATOR = "Bearer test-operator-token";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static long newList() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
    }

    static long createCampaign(long listId) {
        return given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "Flow " + listId, "subject", "Hello {subscriber.name}",
                        "fromEmail", "news@example.com", "lists", List.of(listId),
                        "body", "<p>Hi {subscriber.name} from {subscriber.attributes.city}</p>"))
                .post("/api/campaigns").then().statusCode(201).body("status", equalTo("draft"))
                .extract().jsonPath().getLong("id");
    }

    static void start(long campaignId) {
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of())
                .post("/api/campaigns/" + campaignId + "/start").then().statusCode(200);
    }

    static void awaitAudience(long campaignId, int total) {
        await().atMost(PATIENCE).until(() -> given().header("Authorization", OPERATOR)
                .get("/api/campaigns/" + campaignId + "/preflight").jsonPath().getLong("audience.total") == total);
    }

    static Response campaign(long id) {
        return given().header("Authorization", OPERATOR).get("/api/campaigns/" + id);
    }

    static List<SendRequest> awaitSends(Topics4Test.Reader sends, long campaignId, int expected) {
        List<SendRequest> found = new java.util.ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            found.clear();
            for (ConsumerRecord<String, String> r : sends.poll(r -> r.value().contains("\"campaignId\":" + campaignId + ","))) {
                found.add(EventCodec.decode(r.value(), SendRequest.class));
            }
            return found.stream().map(SendRequest::idempotencyKey).distinct().count() >= expected;
        });
        return found;
    }

    static void publishOutcomes(List<SendRequest> sends, SendOutcome.Result result, String reason) {
        Map<String, String> records = new LinkedHashMap<>();
        for (SendRequest s : sends) {
            records.put(s.idempotencyKey(), EventCodec.encode(SendOutcome.of(s, result, reason, null, 1,
                    result == SendOutcome.Result.SENT ? "<" + s.idempotencyKey() + "@test>" : null, "smtp", false,
                    Instant.now())));
        }
        Topics4Test.sendAll(Topics.OUTCOMES, records);
    }

    @Test
    void blocklistedByABulkActionIsNamedRefusedUntilAcknowledgedThenSkippedAndCountsAddUp() {
        long list = newList();
        Audience4Test.publishList(list, 30, 20, 77);
        long id = createCampaign(list);
        awaitAudience(id, 50);

        given().header("Authorization", OPERATOR).get("/api/campaigns/" + id + "/preflight").then()
                .body("audience.sendable", equalTo(30)).body("audience.blocklisted", equalTo(20))
                .body("warnings.code", hasItem("BLOCKLISTED_SHARE_HIGH"))
                .body("warnings.find { it.code == 'BLOCKLISTED_SHARE_HIGH' }.bulkActionId", equalTo(77))
                .body("warnings.find { it.code == 'BLOCKLISTED_SHARE_HIGH' }.message", containsString("bulk action 77"));

        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of())
                .post("/api/campaigns/" + id + "/start").then().statusCode(409)
                .body("warnings.code", hasItem("BLOCKLISTED_SHARE_HIGH"));
        assertEquals("draft", campaign(id).jsonPath().getString("status"));

        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("acknowledge", List.of("BLOCKLISTED_SHARE_HIGH", "BLOCKLIST_SPIKE")))
                    .post("/api/campaigns/" + id + "/start").then().statusCode(200).body("status", equalTo("running"));

            List<SendRequest> sends = awaitSends(reader, id, 30);
            assertEquals(30, sends.stream().map(SendRequest::subscriberId).distinct().count());
            assertTrue(sends.stream().allMatch(s -> s.unsubscribeUrl().contains("/u/") && s.generation() == 0));

            await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getBoolean("fanoutComplete"));
            Response progress = campaign(id);
            assertEquals(50, progress.jsonPath().getInt("counts.total"));
            assertEquals(30, progress.jsonPath().getInt("counts.queued"));
            assertEquals(20, progress.jsonPath().getInt("skippedByReason.blocklisted"));

            // all but one outcome: never finished while anyone is still queued
            publishOutcomes(sends.subList(0, 29), SendOutcome.Result.SENT, null);
            await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getInt("counts.sent") == 29);
            assertEquals("running", campaign(id).jsonPath().getString("status"));

            publishOutcomes(sends.subList(29, 30), SendOutcome.Result.SENT, null);
            // the same outcomes again (at-least-once delivery) change nothing
            publishOutcomes(sends, SendOutcome.Result.FAILED, "smtp-permanent");
            await().atMost(PATIENCE).until(() -> "finished".equals(campaign(id).jsonPath().getString("status")));
            campaign(id).then().body("counts.total", equalTo(50)).body("counts.sent", equalTo(30))
                    .body("counts.skipped", equalTo(20)).body("counts.failed", equalTo(0))
                    .body("counts.queued", equalTo(0));
        }
    }

    @Test
    void resendAfterRevertReachesExactlyTheSkippedAndNeverTheSent() {
        long list = newList();
        List<Long> ids = Audience4Test.publishList(list, 4, 6, 88);
        long id = createCampaign(list);
        awaitAudience(id, 10);
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("acknowledge", List.of("BLOCKLISTED_SHARE_HIGH", "BLOCKLIST_SPIKE")))
                    .post("/api/campaigns/" + id + "/start").then().statusCode(200);
            List<SendRequest> first = awaitSends(reader, id, 4);
            publishOutcomes(first, SendOutcome.Result.SENT, null);
            await().atMost(PATIENCE).until(() -> "finished".equals(campaign(id).jsonPath().getString("status")));

            // the bulk action is reverted: the six come back as enabled (a newer revision)
            for (Long sid : ids.subList(4, 10)) {
                Audience4Test.publish(SubscriberState.of(sid, "s" + sid + "@example.com", "Sub " + sid, Map.of(),
                        SubscriberStatus.ENABLED, null,
                        List.of(new SubscriberState.Subscription(list, SubscriptionStatus.CONFIRMED, false)), 2,
                        Instant.now()));
            }
            await().atMost(PATIENCE).until(() -> given().header("Authorization", OPERATOR)
                    .get("/api/campaigns/" + id + "/preflight").jsonPath().getInt("audience.sendable") == 10);

            given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("states", List.of("SKIPPED"), "reasons", List.of("blocklisted")))
                    .post("/api/campaigns/" + id + "/resend").then().statusCode(200)
                    .body("generation", equalTo(1)).body("requeued", equalTo(6));

            List<SendRequest> all = awaitSends(reader, id, 10);
            Set<Long> resent = new HashSet<>();
            all.stream().filter(s -> s.generation() == 1).forEach(s -> resent.add(s.subscriberId()));
            assertEquals(new HashSet<>(ids.subList(4, 10)), resent);
            publishOutcomes(all.stream().filter(s -> s.generation() == 1).toList(), SendOutcome.Result.SENT, null);
            await().atMost(PATIENCE).until(() -> "finished".equals(campaign(id).jsonPath().getString("status")));
            campaign(id).then().body("counts.sent", equalTo(10)).body("counts.skipped", equalTo(0))
                    .body("counts.total", equalTo(10));
        }
    }

    @Test
    void pauseDefersResumeRepublishesTheQueuedAndCancelSkipsTheRest() {
        long list = newList();
        Audience4Test.publishList(list, 5, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 5);
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            start(id);
            List<SendRequest> sends = awaitSends(reader, id, 5);
            given().header("Authorization", OPERATOR).post("/api/campaigns/" + id + "/pause").then().statusCode(200)
                    .body("status", equalTo("paused"));
            publishOutcomes(sends.subList(0, 2), SendOutcome.Result.SENT, null);
            publishOutcomes(sends.subList(2, 5), SendOutcome.Result.DEFERRED, "campaign-paused");
            await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getInt("counts.sent") == 2);
            assertEquals(3, campaign(id).jsonPath().getInt("counts.queued"));

            int before = reader.poll(r -> r.value().contains("\"campaignId\":" + id + ",")).size();
            given().header("Authorization", OPERATOR).post("/api/campaigns/" + id + "/resume").then()
                    .statusCode(200).body("status", equalTo("running"));
            await().atMost(PATIENCE).until(
                    () -> reader.poll(r -> r.value().contains("\"campaignId\":" + id + ",")).size() == before + 3);

            // a deferral decided from a stale view of the campaign (dispatch had not seen the resume yet)
            publishOutcomes(sends.subList(2, 3), SendOutcome.Result.DEFERRED, "campaign-paused");
            await().atMost(PATIENCE).until(
                    () -> reader.poll(r -> r.value().contains("\"campaignId\":" + id + ",")).size() == before + 4);

            given().header("Authorization", OPERATOR).post("/api/campaigns/" + id + "/cancel").then()
                    .statusCode(200).body("status", equalTo("cancelled"))
                    .body("counts.skipped", equalTo(3)).body("skippedByReason.cancelled", equalTo(3))
                    .body("counts.total", equalTo(5));
        }
    }

    @Test
    void accountLevelStopPausesTheCampaignWithItsReason() {
        long list = newList();
        Audience4Test.publishList(list, 2, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 2);
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            start(id);
            List<SendRequest> sends = awaitSends(reader, id, 2);
            publishOutcomes(sends.subList(0, 1), SendOutcome.Result.DEFERRED, "ses-quota-exceeded");
            await().atMost(PATIENCE).until(() -> "paused".equals(campaign(id).jsonPath().getString("status")));
            campaign(id).then().body("statusReason", containsString("ses-quota-exceeded"))
                    .body("counts.queued", equalTo(2)).body("counts.failed", equalTo(0));
        }
    }

    @Test
    void bounceRateAboveTheLimitAutoPausesWithAReadableReasonAndRedeliveredFeedbackCountsOnce() {
        long list = newList();
        Audience4Test.publishList(list, 25, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 25);
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            start(id);
            List<SendRequest> sends = awaitSends(reader, id, 25);
            publishOutcomes(sends.subList(0, 22), SendOutcome.Result.SENT, null);
            await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getInt("counts.sent") == 22);
            assertEquals("running", campaign(id).jsonPath().getString("status"));

            Map<String, String> bounces = new LinkedHashMap<>();
            for (SendRequest s : sends.subList(0, 2)) {
                bounces.put(s.email(), EventCodec.encode(FeedbackEvent.of("n1:" + s.email(),
                        FeedbackEvent.Kind.HARD_BOUNCE, s.email(), id, s.subscriberId(), "General",
                        "550 5.1.1 user unknown", null, "n1", Instant.now())));
            }
            Topics4Test.sendAll(Topics.FEEDBACK, bounces);
            Topics4Test.sendAll(Topics.FEEDBACK, bounces);
            await().atMost(PATIENCE).until(() -> "paused".equals(campaign(id).jsonPath().getString("status")));
            campaign(id).then().body("statusReason", containsString("bounce rate"))
                    .body("bounces", equalTo(2)).body("counts.queued", equalTo(3));
        }
    }

    @Test
    void poisonOutcomeGoesToTheDeadLetterTopicWithItsReasonAndTheNextOneIsApplied() {
        long list = newList();
        Audience4Test.publishList(list, 1, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 1);
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS);
                Topics4Test.Reader dlq = Topics4Test.reader(Topics.OUTCOMES_DLQ)) {
            start(id);
            List<SendRequest> sends = awaitSends(reader, id, 1);
            String poison = "{\"type\":\"send.outcome\",\"version\":1,\"campaignId\":" + id + ",\"oops\":true}";
            Topics4Test.send(Topics.OUTCOMES, String.valueOf(id), poison);
            publishOutcomes(sends, SendOutcome.Result.SENT, null);
            await().atMost(PATIENCE).until(() -> "finished".equals(campaign(id).jsonPath().getString("status")));
            await().atMost(PATIENCE).until(() -> !dlq.poll(r -> poison.equals(r.value())).isEmpty());
            ConsumerRecord<String, String> dead = dlq.poll(r -> poison.equals(r.value())).get(0);
            String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertTrue(reason.contains("required"), reason);
        }
    }

    @Test
    void oneClickUnsubscribePublishesOneCommandAndRejectsATamperedToken() {
        long list = newList();
        Audience4Test.publishList(list, 1, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 1);
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS);
                Topics4Test.Reader commands = Topics4Test.reader(Topics.LIST_COMMANDS)) {
            start(id);
            SendRequest send = awaitSends(reader, id, 1).get(0);
            String path = send.unsubscribeUrl().substring(send.unsubscribeUrl().indexOf("/u/"));
            String tampered = path.substring(0, path.length() - 2) + (path.endsWith("A") ? "BB" : "AA");

            given().body("List-Unsubscribe=One-Click").post(tampered).then().statusCode(400);
            given().get(path).then().statusCode(200).body(containsString("<form method=\"post\">"));
            given().body("List-Unsubscribe=One-Click").post(path).then().statusCode(200);
            given().body("List-Unsubscribe=One-Click").post(path).then().statusCode(200);

            await().atMost(PATIENCE).until(() -> commands.poll(r -> r.key().equals(send.email())).size() >= 2);
            List<ListCommand> published = commands.poll(r -> r.key().equals(send.email())).stream()
                    .map(r -> EventCodec.decode(r.value(), ListCommand.class)).toList();
            assertEquals(1, published.stream().map(ListCommand::commandId).distinct().count(),
                    "a repeated click carries the same command id, so subscriber-service applies it once");
            assertEquals(ListCommand.Command.UNSUBSCRIBE, published.get(0).command());
            assertEquals(List.of(list), published.get(0).listIds());
            assertEquals(Long.valueOf(send.subscriberId()), published.get(0).subscriberId(),
                    "applied to the token's subscriber, not to whoever has the fan-out's email by then");
        }
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() {
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "t", "body", "line one\n{#if subscriber.name}\nunclosed"))
                .post("/api/templates").then().statusCode(400).body("errors[0].field", equalTo("body"))
                .body("detail", containsString("line"));
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "subject", "s", "fromEmail", "not-an-email", "lists", List.of(1),
                        "body", "b"))
                .post("/api/campaigns").then().statusCode(400).body("errors.field", hasItem("fromEmail"));
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "subject", "s", "fromEmail", "a@example.com", "lists", List.of()))
                .post("/api/campaigns").then().statusCode(400).body("errors.field", hasItem("lists"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/campaigns").then().statusCode(401);
        given().header("Authorization", "Bearer test-viewer-token").contentType(ContentType.JSON)
                .body(Map.of("name", "x")).post("/api/campaigns").then().statusCode(403);
    }

    @Test
    void aCampaignWithAnEmptyAudienceIsRefusedAtStartWithAClearMessage() {
        long id = createCampaign(newList());
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of())
                .post("/api/campaigns/" + id + "/start").then().statusCode(409)
                .body("title", equalTo("EMPTY_AUDIENCE")).body("detail", containsString("no recipients"));
        assertNotEquals("running", campaign(id).jsonPath().getString("status"));
    }
}
