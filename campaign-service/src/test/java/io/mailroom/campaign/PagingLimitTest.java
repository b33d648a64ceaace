package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.OPERATOR;
import static io.mailroom.campaign.CampaignFlowTest.createCampaign;
import static io.mailroom.campaign.CampaignFlowTest.newList;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A page deep enough for {@code page * size} to overflow an int (or to ask PostgreSQL to skip billions of rows) is a
 * 400 naming {@code page} on every paged listing, not a 500 or an unbounded scan.
 */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class PagingLimitTest {

    @Test
    void campaignsPagePastTheCapIsA400NamingPage() {
        given().header("Authorization", OPERATOR).get("/api/campaigns?page=" + Integer.MAX_VALUE + "&size=500")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", contains("page"));
    }

    @Test
    void recipientsAndTestSendsPagePastTheCapIsA400NamingPage() {
        long id = createCampaign(newList());
        given().header("Authorization", OPERATOR).accept("application/json")
                .get("/api/campaigns/" + id + "/recipients?page=" + Integer.MAX_VALUE + "&size=10000")
                .then().statusCode(400).body("errors.field", contains("page"));
        given().header("Authorization", OPERATOR)
                .get("/api/campaigns/" + id + "/tests?page=" + Integer.MAX_VALUE + "&size=500")
                .then().statusCode(400).body("errors.field", contains("page"));
    }

    @Test
    void aNormalPageStillAnswers() {
        given().header("Authorization", OPERATOR).get("/api/campaigns?page=2&size=10").then().statusCode(200);
    }
}
