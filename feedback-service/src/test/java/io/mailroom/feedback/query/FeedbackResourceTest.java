package io.mailroom.feedback.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /api/feedback}: filters, paging, roles, and 400s naming the field. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class FeedbackResourceTest {

    @Test
    void viewersFindFeedbackByEmailTypeAndCampaign() {
        String mid = Webhook.newMessageId();
        String email = "recipient-" + mid + "@example.com";
        Webhook.postNotification(mid, Webhook.fixtureFor("event-bounce-permanent", mid)).statusCode(200);
        Webhook.postNotification(Webhook.newMessageId(), Webhook.fixtureFor("event-open", mid)).statusCode(200);

        given().auth().oauth2("test-viewer-token").queryParam("email", email.toUpperCase())
                .get("/api/feedback").then().statusCode(200)
                .body("items.kind", contains("OPENED", "HARD_BOUNCE"));
        given().auth().oauth2("test-viewer-token").queryParam("email", email).queryParam("type", "hard_bounce")
                .queryParam("campaign", 42).get("/api/feedback").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].feedbackId", equalTo(mid + ":" + email))
                .body("items[0].subscriberId", equalTo(4242))
                .body("items[0].subtype", equalTo("General"))
                .body("items[0].notificationId", equalTo(mid));
        given().auth().oauth2("test-viewer-token").queryParam("email", email).queryParam("size", 1)
                .queryParam("page", 1).get("/api/feedback").then().statusCode(200)
                .body("items.kind", contains("HARD_BOUNCE"));
    }

    @Test
    void feedbackIsCountedByKind() {
        String mid = Webhook.newMessageId();
        Webhook.postNotification(mid, Webhook.fixtureFor("event-delivery-delay", mid)).statusCode(200);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailroom_feedback_events_total{kind=\"DELAYED\"}"))
                .body(containsString("ses_type=\"DeliveryDelay\""));
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/api/feedback").then().statusCode(401);
    }

    @Test
    void badFiltersAre400NamingTheField() {
        given().auth().oauth2("test-viewer-token").queryParam("type", "bounced").get("/api/feedback").then()
                .statusCode(400).body("errors[0].field", equalTo("type"));
        given().auth().oauth2("test-viewer-token").queryParam("campaign", "abc").get("/api/feedback").then()
                .statusCode(400).body("errors[0].field", equalTo("campaign"));
        given().auth().oauth2("test-viewer-token").queryParam("size", 0).get("/api/feedback").then()
                .statusCode(400).body("errors[0].field", equalTo("size"));
    }
}
