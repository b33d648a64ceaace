package io.mailroom.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scanner finds what the services really require and use (so the coverage checks are not vacuous). */
class ServiceConfigTest {
    @Test
    void requiredPropertiesComeFromDevOnlyValuesSourcesAndDeveloperDefaults() {
        assertThat(Deployed.config("dispatch-service").required()).containsKeys("kafka.bootstrap.servers",
                "quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url", "quarkus.datasource.username",
                "quarkus.datasource.password", "mailroom.auth.tokens", "mailroom.smtp.host", "mailroom.smtp.port");
        assertThat(Deployed.config("dispatch-service").required()).doesNotContainKeys("mailroom.smtp.username",
                "mailroom.ses.endpoint", "mailroom.smtp.max-pool-size");
        assertThat(Deployed.config("campaign-service").required())
                .containsKeys("mailroom.public-url", "mailroom.unsubscribe.secret");
        assertThat(Deployed.config("feedback-service").required()).containsKey("mailroom.sns.allowed-topic-arns");
    }

    @Test
    void messagingCoversConfigAndOutboxCode() {
        Deployed dispatch = Deployed.in(Overlays.dev()).stream()
                .filter(d -> d.service().equals("dispatch-service")).findFirst().orElseThrow();
        assertThat(dispatch.messaging().of(Messaging.Kind.GROUP)).extracting(Messaging.Use::name)
                .containsExactlyInAnyOrder("dispatch-campaigns", "dispatch-subscribers", "dispatch", "dispatch-retry");
        assertThat(dispatch.messaging().of(Messaging.Kind.WRITE_TOPIC)).extracting(Messaging.Use::name)
                .contains("mailroom.outcomes", "mailroom.sends.dlq", "mailroom.sends.retry_1800000")
                .doesNotContain("mailroom.unrouted");
        assertThat(dispatch.messaging().concurrencyByTopic()).containsEntry("mailroom.sends", 12);
        Deployed prodDispatch = Deployed.in(Overlays.prod()).stream()
                .filter(d -> d.service().equals("dispatch-service")).findFirst().orElseThrow();
        assertThat(prodDispatch.messaging().concurrencyByTopic()).as("prod ConfigMap override")
                .containsEntry("mailroom.sends", 2);
    }
}
