package io.mailroom.subscriber;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A page past the cap (page × size beyond what OFFSET should skip) is a 400 naming {@code page} on every listing. */
@QuarkusTest
class PagingLimitTest {

    @Test
    void subscribersListsAndAuditRefuseAPagePastTheCap() {
        for (String path : new String[] {"/api/subscribers", "/api/lists", "/api/audit"}) {
            Api.as(Api.VIEWER).get(path + "?page=" + Integer.MAX_VALUE + "&size=1000").then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("errors.field", contains("page"));
        }
    }

    @Test
    void aNormalPageStillAnswers() {
        Api.as(Api.VIEWER).get("/api/subscribers?page=1&size=10").then().statusCode(200);
    }
}
