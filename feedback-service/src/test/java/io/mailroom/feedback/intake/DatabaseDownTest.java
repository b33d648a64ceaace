package io.mailroom.feedback.intake;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mailroom.feedback.testing.PostgresCutResource;
import io.mailroom.feedback.testing.TestSns;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * PostgreSQL unreachable: a valid signed notification is answered 503 (so SNS retries), nothing of it is stored, and
 * once the database is back the same message is accepted exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresCutResource.class, restrictToAnnotatedClass = true)
class DatabaseDownTest {

    @Inject
    Pool pool;

    @AfterEach
    void databaseBack() {
        PostgresCutResource.restore();
    }

    @Test
    void aNotificationWhileTheDatabaseIsDownIs503AndIsAcceptedOnceWhenItIsBack() {
        Config config = ConfigProvider.getConfig();
        assertEquals(config.getValue(PostgresCutResource.PROXIED_URL, String.class),
                config.getValue("quarkus.datasource.reactive.url", String.class),
                "the service must reach PostgreSQL through the cuttable proxy");
        String mid = Webhook.newMessageId();
        String body = TestSns.get().signer().notification(mid, Webhook.fixtureFor("notification-bounce-permanent", mid));

        PostgresCutResource.cut();
        for (int attempt = 0; attempt < 3; attempt++) {
            Webhook.post("Notification", body).statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"));
        }
        PostgresCutResource.restore();

        assertEquals(0, Webhook.archived(pool, mid), "nothing may be stored while the database was down");
        // the first answer after the outage may still meet a connection the cut reset: SNS would retry, so do we
        String first = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> Webhook.post("Notification", body).extract(), r -> r.statusCode() != 503)
                .path("status");
        assertEquals("accepted", first);
        Webhook.post("Notification", body).statusCode(200).body("status", equalTo("duplicate"));
        assertEquals(1, Webhook.archived(pool, mid));
        assertEquals(2, Webhook.feedbackRows(pool, mid));
    }
}
