package io.mailroom.feedback.sqs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.mailroom.feedback.intake.FeedbackMetrics;
import io.mailroom.feedback.sns.SnsEnvelope;
import io.mailroom.feedback.sns.SnsEnvelopeReader;
import io.mailroom.feedback.sns.SnsMessageHandler;
import io.mailroom.feedback.sns.SnsRejectedException;
import io.mailroom.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Long-polls the SES notification queue and hands each SNS message to the same {@link SnsMessageHandler} as the HTTP
 * endpoint; a message is deleted only after its transaction committed. A failure leaves it in the queue (SQS makes it
 * visible again), and a message that fails verification stays too, so the queue's redrive policy keeps it for a human.
 * Hand-written because no SQS messaging connector is available to this build; the loop is one ReceiveMessage at a time.
 */
@ApplicationScoped
public class SqsIntake {
    private static final Logger LOG = Logger.getLogger(SqsIntake.class);
    static final String SOURCE = "sqs";

    private final SqsConfig config;
    private final SnsMessageHandler handler;
    private final FeedbackMetrics metrics;
    private ScheduledExecutorService loop;
    private SqsClient client;
    private volatile boolean running;

    SqsIntake(SqsConfig config, SnsMessageHandler handler, FeedbackMetrics metrics) {
        this.config = config;
        this.handler = handler;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ev) {
        if (config.queueUrl().isEmpty()) {
            return;
        }
        client = client(config);
        running = true;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqs-intake");
            t.setDaemon(true);
            return t;
        });
        loop.execute(this::pollAndReschedule);
        LOG.infof("SQS intake polling %s", config.queueUrl().get());
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (loop != null) {
            loop.shutdownNow();
            client.close();
        }
    }

    private void pollAndReschedule() {
        long delay = 0;
        try {
            pollOnce();
        } catch (RuntimeException e) {
            if (running) {
                LOG.warnf("SQS poll failed, retrying in %s: %s", config.errorBackoff(), e.toString());
            }
            delay = config.errorBackoff().toMillis();
        }
        if (running) {
            loop.schedule(this::pollAndReschedule, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void pollOnce() {
        String queueUrl = config.queueUrl().orElseThrow();
        var messages = client.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(config.waitSeconds())
                .maxNumberOfMessages(config.maxMessages())).messages();
        for (Message m : messages) {
            if (process(m)) {
                client.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** True when the message is stored (or was before) and may be deleted. */
    private boolean process(Message m) {
        try {
            SnsEnvelope envelope = SnsEnvelopeReader.read(m.body());
            handler.handle(envelope, m.body(), SOURCE).await().atMost(Duration.ofSeconds(60));
            return true;
        } catch (SnsRejectedException | ProblemException e) {
            metrics.rejected(SOURCE);
            LOG.warnf("SQS message %s rejected, left in the queue for its redrive policy: %s", m.messageId(),
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("SQS message %s not stored, it will be received again: %s", m.messageId(), e.toString());
            return false;
        }
    }

    private static SqsClient client(SqsConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()));
        config.endpoint().ifPresent(builder::endpointOverride);
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
