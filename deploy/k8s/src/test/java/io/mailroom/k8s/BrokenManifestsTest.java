package io.mailroom.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Deliberately broken overlays (src/test/resources/broken) make the same checks fail, naming what is wrong. */
class BrokenManifestsTest {
    @Test
    void missingProbeIsNamed() {
        assertThat(DeploymentRules.check(Overlays.broken("missing-probe")))
                .containsExactly("Deployment dispatch-service container app: no readinessProbe");
    }

    @Test
    void gracePeriodShorterThanTheCleanShutdownIsNamed() {
        assertThat(ShutdownRules.check(Overlays.broken("short-grace"))).containsExactly(
                "Deployment dispatch-service: terminationGracePeriodSeconds 20 < preStop 5"
                        + " + 2 x quarkus.shutdown.timeout 35 + outbox flush 5");
    }

    @Test
    void requiredEnvVarNotProvidedIsNamed() {
        Rendered broken = Overlays.broken("env-not-provided");
        assertThat(ConfigRules.check(broken, ConfigRules.generated(broken))).singleElement().asString()
                .startsWith("dispatch-service: mailroom.smtp.host (env MAILROOM_SMTP_HOST) is required in %prod");
    }

    @Test
    void unknownTopicIsNamed() {
        Rendered broken = Overlays.broken("unknown-topic");
        assertThat(KafkaRules.checkServiceTopics(broken)).containsExactly("subscriber-service: topic mailroom.feedbacks"
                + " (mp.messaging.incoming.feedback.topic) has no KafkaTopic");
        assertThat(KafkaRules.checkAcls(broken)).contains("subscriber-service: KafkaUser subscriber-service lacks Read"
                + " on topic mailroom.feedbacks (mp.messaging.incoming.feedback.topic)");
    }

    @Test
    void topicMissingFromTopicsAllOrMisconfiguredIsNamed() {
        Rendered broken = Overlays.broken("missing-topic");
        assertThat(KafkaRules.checkTopics(broken)).containsExactlyInAnyOrder(
                "topic mailroom.sends.retry_30000 of Topics.ALL has no KafkaTopic",
                "KafkaTopic mailroom.campaigns has 6 partitions, Topics.ALL says 3",
                "KafkaTopic mailroom.campaigns has cleanup.policy delete, expected compact");
        assertThat(KafkaRules.checkServiceTopics(broken)).contains("dispatch-service: topic mailroom.sends.retry_30000"
                + " (mp.messaging.incoming.sends.delayed-retry-topic.topics) has no KafkaTopic");
    }

    @Test
    void latestTagAndMisspeltFieldAreNamed() {
        Rendered broken = Overlays.broken("latest-and-typo");
        assertThat(DeploymentRules.check(broken)).containsExactly("Deployment feedback-service container app: image"
                + " 'localhost:5000/mailroom/feedback-service:latest' must carry a version tag or digest, not latest or none");
        assertThat(StrictFields.unknown(broken)).containsExactly(
                "Deployment campaign-service.spec.template.spec.containers[0]: unknown field(s) [readinesProbe]");
    }

    @Test
    void idleConsumersAndUnneededAclsAreNamed() {
        Rendered broken = Overlays.broken("too-many-consumers");
        assertThat(ScalingRules.check(broken)).containsExactly("dispatch-service: up to 4 pods x 12 consumers of"
                + " mailroom.sends exceed its 12 partitions (idle consumers)");
        assertThat(KafkaRules.checkAcls(broken)).containsExactly("campaign-service: KafkaUser campaign-service grants"
                + " [Write] on topic mailroom.list-commands.dlq, which the service does not use");
    }
}
