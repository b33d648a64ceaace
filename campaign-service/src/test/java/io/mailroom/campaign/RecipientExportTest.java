package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.OPERATOR;
import static io.mailroom.campaign.CampaignFlowTest.PATIENCE;
import static io.mailroom.campaign.CampaignFlowTest.awaitAudience;
import static io.mailroom.campaign.CampaignFlowTest.campaign;
import static io.mailroom.campaign.CampaignFlowTest.createCampaign;
import static io.mailroom.campaign.CampaignFlowTest.newList;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class RecipientExportTest {

    static List<Map<String, String>> csv(String url, String accept) throws IOException {
        String body = given().header("Authorization", OPERATOR).accept(accept).get(url).then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void everyRecipientIsExportedAcrossKeysetPagesWithTheSameFiltersAsTheListing() throws IOException {
        long list = newList();
        List<Long> ids = Audience4Test.publishList(list, 7, 3, 55);
        long id = createCampaign(list);
        awaitAudience(id, 10);
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("acknowledge", List.of("BLOCKLISTED_SHARE_HIGH", "BLOCKLIST_SPIKE")))
                .post("/api/campaigns/" + id + "/start").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getBoolean("fanoutComplete"));

        // the test profile pages by 3: ten recipients cross four pages, and each appears exactly once, in order
        List<Map<String, String>> all = csv("/api/campaigns/" + id + "/recipients", "text/csv");
        assertEquals(ids, all.stream().map(r -> Long.valueOf(r.get("subscriber_id"))).toList());
        assertEquals(List.of("subscriber_id", "email", "state", "reason", "detail", "attempts", "generation",
                "provider_message_id", "updated_at"), new ArrayList<>(all.get(0).keySet()));
        Map<String, String> first = all.get(0);
        assertEquals("s" + ids.get(0) + "@example.com", first.get("email"));
        assertEquals("QUEUED", first.get("state"));
        assertEquals("0", first.get("generation"));

        List<Map<String, String>> skipped = csv("/api/campaigns/" + id + "/recipients.csv?state=SKIPPED", "*/*");
        assertEquals(ids.subList(7, 10), skipped.stream().map(r -> Long.valueOf(r.get("subscriber_id"))).toList());
        assertTrue(skipped.stream().allMatch(r -> "blocklisted".equals(r.get("reason"))
                && "bulk-action:55".equals(r.get("detail"))), skipped.toString());
        assertEquals(7, csv("/api/campaigns/" + id + "/recipients.csv?state=QUEUED", "text/csv").size());

        // without asking for CSV the listing stays JSON
        given().header("Authorization", OPERATOR).get("/api/campaigns/" + id + "/recipients?size=2").then()
                .statusCode(200).contentType(ContentType.JSON).body("size()", equalTo(2));
        given().header("Authorization", OPERATOR).accept("text/csv").get("/api/campaigns/999999999/recipients")
                .then().statusCode(404);
        given().header("Authorization", OPERATOR).accept("text/csv").get("/api/campaigns/" + id + "/recipients?state=NOPE")
                .then().statusCode(400).body("errors.field", hasItem("state"));
    }

    /** OWASP CSV injection: a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
    @Test
    void cellsASpreadsheetWouldReadAsAFormulaAreNeutralised() throws IOException {
        long list = newList();
        long enabled = Audience4Test.newId();
        long blocked = Audience4Test.newId();
        String formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
        Audience4Test.publish(SubscriberState.of(enabled, "-" + enabled + "@example.com", "n", Map.of(),
                SubscriberStatus.ENABLED, null,
                List.of(new SubscriberState.Subscription(list, SubscriptionStatus.CONFIRMED, false)), 1, Instant.now()));
        Audience4Test.publish(SubscriberState.of(blocked, "s" + blocked + "@example.com", "n", Map.of(),
                SubscriberStatus.BLOCKLISTED, formula,
                List.of(new SubscriberState.Subscription(list, SubscriptionStatus.CONFIRMED, false)), 1, Instant.now()));
        long id = createCampaign(list);
        awaitAudience(id, 2);
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("acknowledge", List.of("BLOCKLISTED_SHARE_HIGH", "BLOCKLIST_SPIKE")))
                .post("/api/campaigns/" + id + "/start").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getBoolean("fanoutComplete"));

        Map<Long, Map<String, String>> rows = new java.util.HashMap<>();
        csv("/api/campaigns/" + id + "/recipients.csv", "text/csv")
                .forEach(r -> rows.put(Long.valueOf(r.get("subscriber_id")), r));
        assertEquals("'-" + enabled + "@example.com", rows.get(enabled).get("email"));
        assertEquals("'" + formula, rows.get(blocked).get("detail"));
        assertEquals("blocklisted", rows.get(blocked).get("reason"));
    }

    @Test
    void aCampaignWithoutRecipientsExportsTheHeaderOnly() {
        long id = createCampaign(newList());
        String body = given().header("Authorization", OPERATOR).get("/api/campaigns/" + id + "/recipients.csv")
                .then().statusCode(200).extract().asString();
        assertEquals("subscriber_id,email,state,reason,detail,attempts,generation,provider_message_id,updated_at",
                body.trim());
    }

    @Test
    void readinessReportsTheAudienceReplicaLagAsData() {
        long list = newList();
        Audience4Test.publishList(list, 2, 0, 0);
        awaitAudience(createCampaign(list), 2);
        await().atMost(PATIENCE).until(() -> given().get("/q/health/ready").jsonPath()
                .getInt("checks.find { it.name == 'audience-replica' }.data.lagRecords") == 0);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'audience-replica' }.status", equalTo("UP"));
    }
}
