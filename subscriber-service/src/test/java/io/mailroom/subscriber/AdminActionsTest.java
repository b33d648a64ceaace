package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.operator;
import static io.mailroom.subscriber.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Destructive or trust-changing actions (bulk delete, unblocklist in bulk or by PATCH, hard delete) need {@code admin}:
 * an operator gets a 403 problem body — for a bulk action already at the dry run, before a confirm token exists — and
 * nothing changes; an admin may. Authentication comes before any other check (401, not 415 or 400).
 */
@QuarkusTest
class AdminActionsTest {

    @Test
    void bulkDeleteAndUnblocklistAreRefusedToOperatorsAtTheDryRun() {
        long list = Api.createList("single");
        long a = Api.createSubscriber("a." + unique() + "@example.com", List.of(list));
        for (String action : List.of("delete", "unblocklist")) {
            Map<String, Object> body = Map.of("action", action, "ids", List.of(a));
            forbidden(operator().body(body).post("/api/bulk-actions").then(), "admin");
            // a confirm token issued to an admin does not help an operator either
            String token = Api.as(Api.ADMIN).body(body).post("/api/bulk-actions").then().statusCode(200)
                    .extract().jsonPath().getString("confirmToken");
            Map<String, Object> confirmed = new HashMap<>(body);
            confirmed.put("confirmToken", token);
            forbidden(operator().body(confirmed).post("/api/bulk-actions").then(), "admin");
        }
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then().statusCode(200).body("status", equalTo("enabled"));
        // everything else stays an operator's: a bulk blocklist's dry run
        operator().body(Map.of("action", "blocklist", "ids", List.of(a))).post("/api/bulk-actions").then()
                .statusCode(200);
    }

    @Test
    void unblocklistingBypatchIsAdminOnlyOtherPatchesStayOperators() {
        long list = Api.createList("single");
        long a = Api.createSubscriber("a." + unique() + "@example.com", List.of(list));
        operator().body(Map.of("status", "blocklisted")).patch("/api/subscribers/" + a).then().statusCode(200);
        forbidden(operator().body(Map.of("status", "enabled")).patch("/api/subscribers/" + a).then(), "status");
        operator().body(Map.of("name", "Still Blocked")).patch("/api/subscribers/" + a).then().statusCode(200)
                .body("status", equalTo("blocklisted"));
        Api.as(Api.ADMIN).body(Map.of("status", "enabled")).patch("/api/subscribers/" + a).then().statusCode(200)
                .body("status", equalTo("enabled"));
        // disabled -> enabled is not an unblocklist
        operator().body(Map.of("status", "disabled")).patch("/api/subscribers/" + a).then().statusCode(200);
        operator().body(Map.of("status", "enabled")).patch("/api/subscribers/" + a).then().statusCode(200);
    }

    @Test
    void hardDeleteIsAdminOnly() {
        long a = Api.createSubscriber("a." + unique() + "@example.com", List.of());
        forbidden(operator().delete("/api/subscribers/" + a).then(), null);
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then().statusCode(200);
        Api.as(Api.ADMIN).delete("/api/subscribers/" + a).then().statusCode(204);
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then().statusCode(404);
    }

    @Test
    void authenticationComesFirstWithAProblemBody() {
        // no token: 401 even with a media type the endpoint does not accept (was 415) or a body it cannot read
        given().contentType("application/json").body("{}").post("/api/imports").then().statusCode(401)
                .contentType(containsString("application/problem+json")).body("status", equalTo(401));
        given().contentType("text/plain").body("x").post("/api/lists").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        given().header("Authorization", "Bearer not-a-token").get("/api/lists").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        given().get("/api/lists").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        // a viewer on a write: 403 problem body
        forbidden(Api.as(Api.VIEWER).body(Map.of("name", "x", "optin", "single")).post("/api/lists").then(), null);
    }

    private static void forbidden(ValidatableResponse response, String detailMentions) {
        response.statusCode(403).contentType(containsString("application/problem+json")).body("status", equalTo(403));
        if (detailMentions != null) {
            response.body("detail", containsString(detailMentions));
        }
    }
}
