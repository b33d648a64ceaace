package io.mailroom.feedback.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.UUID;

import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Posts SNS messages to {@code /webhooks/ses} as SNS does, and reads back what was stored. */
public final class Webhook {
    private Webhook() {
    }

    public static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    /** POSTs as SNS does: text/plain body, {@code x-amz-sns-message-type} header. */
    public static ValidatableResponse post(String type, String body) {
        return given().contentType("text/plain; charset=UTF-8").header("x-amz-sns-message-type", type)
                .body(body).post("/webhooks/ses").then();
    }

    public static ValidatableResponse postNotification(String messageId, String sesJson) {
        return post("Notification", TestSns.get().signer().notification(messageId, sesJson));
    }

    /** An SES fixture whose example addresses are replaced by ones unique to the calling test. */
    public static String fixtureFor(String fixture, String uniquePart) {
        return Fixtures.ses(fixture)
                .replace("recipient@example.com", "recipient-" + uniquePart + "@example.com")
                .replace("jane@example.com", "jane-" + uniquePart + "@example.com")
                .replace("richard@example.com", "richard-" + uniquePart + "@example.com")
                .replace("Richard@Example.com", "Richard-" + uniquePart + "@Example.com");
    }

    public static long archived(Pool pool, String messageId) {
        return count(pool, "SELECT count(*) FROM notification WHERE message_id = $1", messageId);
    }

    public static long feedbackRows(Pool pool, String messageId) {
        return count(pool, """
                SELECT count(*) FROM feedback f JOIN notification n ON n.id = f.notification_id
                WHERE n.message_id = $1""", messageId);
    }

    public static long count(Pool pool, String sql, Object arg) {
        return pool.preparedQuery(sql).execute(Tuple.of(arg)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }
}
