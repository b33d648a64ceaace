package io.mailroom.feedback.sqs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.mailroom.feedback.testing.TestSns;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS intake against moto: a signed SNS message in the queue is stored once, then deleted from the queue. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class SqsIntakeTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "mailroom.sqs.endpoint")
    URI endpoint;

    @Test
    void aSignedMessageInTheQueueIsStoredAndThenDeleted() {
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            String queueUrl = sqs.createQueue(b -> b.queueName("mailroom-feedback-test")).queueUrl();
            String mid = Webhook.newMessageId();

            sqs.sendMessage(b -> b.queueUrl(queueUrl)
                    .messageBody(TestSns.get().signer().notification(mid, Webhook.fixtureFor("event-complaint", mid))));

            await().atMost(Duration.ofSeconds(30)).until(() -> Webhook.archived(pool, mid) == 1);
            assertEquals(1, Webhook.count(pool, "SELECT count(*) FROM notification WHERE message_id = $1 AND source = 'sqs'", mid));
            assertEquals(1, Webhook.feedbackRows(pool, mid));
            await().atMost(Duration.ofSeconds(30)).until(() -> inQueue(sqs, queueUrl) == 0);
        }
    }

    private static int inQueue(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
