package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.OPERATOR;
import static io.mailroom.campaign.CampaignFlowTest.PATIENCE;
import static io.mailroom.campaign.CampaignFlowTest.awaitAudience;
import static io.mailroom.campaign.CampaignFlowTest.awaitSends;
import static io.mailroom.campaign.CampaignFlowTest.campaign;
import static io.mailroom.campaign.CampaignFlowTest.createCampaign;
import static io.mailroom.campaign.CampaignFlowTest.newList;
import static io.mailroom.campaign.CampaignFlowTest.start;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.mailroom.events.Purpose;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.mailroom.events.Topics;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class TestSendFlowTest {

    static List<SendRequest> awaitTestSends(Topics4Test.Reader reader, long campaignId, int expected) {
        List<SendRequest> found = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            found.clear();
            reader.poll(r -> r.value().contains("\"campaignId\":" + campaignId + ",")).stream()
                    .map(r -> EventCodec.decode(r.value(), SendRequest.class)).filter(SendRequest::isTest)
                    .forEach(found::add);
            return found.size() >= expected;
        });
        return found;
    }

    static io.restassured.response.Response tests(long id) {
        return given().header("Authorization", OPERATOR).get("/api/campaigns/" + id + "/tests");
    }

    @Test
    void aDraftIsPublishedAndItsTestSendGoesOutRenderedAsTheFirstSendableMemberWithoutBeingCounted() {
        long list = newList();
        List<Long> members = Audience4Test.publishList(list, 3, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 3);
        try (Topics4Test.Reader sends = Topics4Test.reader(Topics.SENDS);
                Topics4Test.Reader states = Topics4Test.reader(Topics.CAMPAIGNS)) {
            given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("emails", List.of("QA@Example.com", "boss@example.com")))
                    .post("/api/campaigns/" + id + "/test").then().statusCode(202)
                    .body("size()", equalTo(2)).body("state", everyItemIs("QUEUED"))
                    .body("email", hasItem("qa@example.com"));

            List<SendRequest> published = awaitTestSends(sends, id, 2);
            assertEquals(2, published.size());
            long first = Collections.min(members);
            for (SendRequest s : published) {
                assertEquals(Purpose.TEST, s.purpose());
                assertEquals(first, s.subscriberId(), "rendered as the first sendable member");
                assertEquals("Sub " + first, s.name());
                assertEquals("Lyon", s.attributes().get("city"));
                assertTrue(s.idempotencyKey().startsWith("test:" + id + ":"), s.idempotencyKey());
            }
            assertEquals(List.of("boss@example.com", "qa@example.com"),
                    published.stream().map(SendRequest::email).sorted().toList());
            assertTrue(sends.poll(r -> r.key().equals("qa@example.com")).size() >= 1, "keyed by the address");

            // dispatch can render it: the draft's state is on mailroom.campaigns
            await().atMost(PATIENCE).until(() -> states.poll(r -> r.key().equals(String.valueOf(id))).stream()
                    .map(r -> EventCodec.decode(r.value(), CampaignState.class))
                    .anyMatch(st -> "draft".equals(st.status())));

            campaign(id).then().body("status", equalTo("draft")).body("counts.total", equalTo(0));
            tests(id).then().statusCode(200).body("size()", equalTo(2)).body("state", everyItemIs("QUEUED"))
                    .body("sampleSubscriberId", everyItemIs((int) first));
        }
    }

    @Test
    void aTestOutcomeUpdatesItsTestSendAndLeavesTheRecipientCountsAlone() {
        long list = newList();
        List<Long> members = Audience4Test.publishList(list, 2, 0, 0);
        long id = createCampaign(list);
        awaitAudience(id, 2);
        try (Topics4Test.Reader sends = Topics4Test.reader(Topics.SENDS)) {
            start(id);
            awaitSends(sends, id, 2);
            given().header("Authorization", OPERATOR).post("/api/campaigns/" + id + "/pause").then().statusCode(200);
            // rendered as a real recipient: same campaign, subscriber and generation as that recipient's own send
            given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("emails", List.of("qa@example.com"), "subscriberId", members.get(0)))
                    .post("/api/campaigns/" + id + "/test").then().statusCode(202);
            SendRequest test = awaitTestSends(sends, id, 1).get(0);
            assertEquals(members.get(0).longValue(), test.subscriberId());

            SendOutcome sent = SendOutcome.of(test, SendOutcome.Result.SENT, null, null, 1, "<test-1@ses>", "smtp",
                    false, Instant.now());
            Topics4Test.send(Topics.OUTCOMES, String.valueOf(id), EventCodec.encode(sent));
            await().atMost(PATIENCE).until(() -> "SENT".equals(tests(id).jsonPath().getString("[0].state")));
            tests(id).then().body("[0].providerMessageId", equalTo("<test-1@ses>"))
                    .body("[0].email", equalTo("qa@example.com"));
            // recorded in the same transaction as any campaign outcome would have been: nothing was counted
            campaign(id).then().body("counts.total", equalTo(2)).body("counts.queued", equalTo(2))
                    .body("counts.sent", equalTo(0));

            // a late FAILED for the same test send changes nothing: its outcome landed once
            Topics4Test.send(Topics.OUTCOMES, String.valueOf(id), EventCodec.encode(SendOutcome.of(test,
                    SendOutcome.Result.FAILED, "smtp-permanent", "550", 1, null, "smtp", false, Instant.now())));
            // the other member's real outcome after it, in the same partition, proves the FAILED was consumed
            SendRequest other = awaitSends(sends, id, 2).stream()
                    .filter(s -> !s.isTest() && s.subscriberId() == members.get(1)).findFirst().orElseThrow();
            Topics4Test.send(Topics.OUTCOMES, String.valueOf(id), EventCodec.encode(SendOutcome.of(other,
                    SendOutcome.Result.SENT, null, null, 1, "<real@ses>", "smtp", false, Instant.now())));
            await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getInt("counts.sent") == 1);
            campaign(id).then().body("counts.total", equalTo(2)).body("counts.queued", equalTo(1))
                    .body("counts.failed", equalTo(0)).body("status", equalTo("paused"));
            tests(id).then().body("[0].state", equalTo("SENT"));
        }
    }

    @Test
    void withoutASendableMemberTheSampleIsSynthetic() {
        long id = createCampaign(newList());
        try (Topics4Test.Reader sends = Topics4Test.reader(Topics.SENDS)) {
            given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("emails", List.of("qa@example.com")))
                    .post("/api/campaigns/" + id + "/test").then().statusCode(202);
            SendRequest s = awaitTestSends(sends, id, 1).get(0);
            assertEquals(0, s.subscriberId());
            assertEquals("Test Recipient", s.name());
            // the unsubscribe link of a test mail is bound to nobody
            String path = s.unsubscribeUrl().substring(s.unsubscribeUrl().indexOf("/u/"));
            given().body("List-Unsubscribe=One-Click").post(path).then().statusCode(404);
        }
    }

    @Test
    void badTestSendsAreRefusedNamingTheField() {
        long id = createCampaign(newList());
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("emails", List.of()))
                .post("/api/campaigns/" + id + "/test").then().statusCode(400).body("errors.field", hasItem("emails"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("qa" + i + "@example.com");
        }
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("emails", many))
                .post("/api/campaigns/" + id + "/test").then().statusCode(400).body("errors.field", hasItem("emails"));
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of("ok@example.com", "not-an-address")))
                .post("/api/campaigns/" + id + "/test").then().statusCode(400)
                .body("errors.field", hasItem("emails[1]")).body("detail", containsString("emails[1]"));
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of("ok@example.com"), "subscriberId", 987_654_321_000L))
                .post("/api/campaigns/" + id + "/test").then().statusCode(400)
                .body("errors.field", hasItem("subscriberId"));
        given().header("Authorization", "Bearer test-viewer-token").contentType(ContentType.JSON)
                .body(Map.of("emails", List.of("ok@example.com"))).post("/api/campaigns/" + id + "/test").then()
                .statusCode(403);
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of("ok@example.com"))).post("/api/campaigns/999999999/test").then()
                .statusCode(404);
        tests(id).then().statusCode(200).body("size()", equalTo(0));
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemIs(Object value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
