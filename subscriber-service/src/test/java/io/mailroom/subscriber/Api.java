package io.mailroom.subscriber;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** REST helpers for the tests: authenticated requests and the fixtures most tests need. */
public final class Api {
    public static final String ADMIN = "test-admin-token";
    public static final String OPERATOR = "test-operator-token";
    public static final String VIEWER = "test-viewer-token";

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    public static RequestSpecification operator() {
        return as(OPERATOR);
    }

    /** A unique token for this test's data (emails, list names). */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public static long createList(String optin) {
        return operator().body(Map.of("name", "list-" + unique(), "optin", optin))
                .post("/api/lists").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long createSubscriber(String email, List<Long> lists) {
        return operator().body(Map.of("email", email, "name", "N " + email, "lists", lists))
                .post("/api/subscribers").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static void setSubscription(long subscriber, long list, String status) {
        operator().body(Map.of("subscriptions", List.of(Map.of("list", list, "status", status))))
                .patch("/api/subscribers/" + subscriber).then().statusCode(200);
    }
}
