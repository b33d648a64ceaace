package io.mailroom.feedback.dsn;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.feedback.mapping.SentMessage;
import io.mailroom.feedback.mapping.SentMessages;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** {@code POST /api/dsn}: a raw DSN becomes feedback mapped through the SMTP Message-ID, once. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class DsnResourceTest {

    @Inject
    Pool pool;

    @Inject
    SentMessages sentMessages;

    @Test
    void aDsnIsStoredOnceAndMappedThroughTheSmtpMessageId() throws Exception {
        String unique = Webhook.newMessageId();
        String raw = new String(DsnParserTest.sample(), StandardCharsets.US_ASCII)
                .replace("DSN-ID", unique).replace("5.42.0@mailroom", unique + "@mailroom")
                .replace("Gone@Example.org", "gone-" + unique + "@example.org");
        sentMessages.record(pool, new SentMessage("<" + unique + "@mailroom>", 42, 4243,
                "gone-" + unique + "@example.org"), Instant.now()).await().indefinitely();

        for (String expected : new String[] {"accepted", "duplicate"}) {
            given().auth().oauth2("test-operator-token").contentType("message/rfc822").body(raw.getBytes(StandardCharsets.US_ASCII))
                    .post("/api/dsn").then().statusCode(200).body("status", equalTo(expected));
        }

        given().auth().oauth2("test-viewer-token").queryParam("email", "gone-" + unique + "@example.org")
                .get("/api/feedback").then().statusCode(200)
                .body("items[0].kind", equalTo("HARD_BOUNCE"))
                .body("items[0].campaignId", equalTo(42))
                .body("items[0].subscriberId", equalTo(4243))
                .body("items[0].subtype", equalTo("5.1.1"));
        assertEquals(1, Webhook.archived(pool, "dsn:<20261128102203." + unique + "@mx.example.org>"));
    }

    @Test
    void viewersMayNotFeedDsnsAndGarbageIs400() {
        given().auth().oauth2("test-viewer-token").contentType("message/rfc822").body(new byte[] {1}).post("/api/dsn").then()
                .statusCode(403);
        given().auth().oauth2("test-operator-token").contentType("message/rfc822").body("not a mail".getBytes(StandardCharsets.US_ASCII))
                .post("/api/dsn").then().statusCode(400).body("errors[0].field", equalTo("body"));
    }
}
