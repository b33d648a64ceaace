package io.mailroom.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** The rules every overlay must satisfy; each list of problems must be empty. */
class OverlayRulesTest {
    /** Each rule lists the problems it finds in an overlay; a rendered overlay must have none. */
    private static final Map<String, Function<Rendered, List<String>>> RULES = new LinkedHashMap<>();

    static {
        RULES.put("only fields the typed model knows", StrictFields::unknown);
        RULES.put("deployments: probes, limits, non-root, read-only root, pinned images", DeploymentRules::check);
        RULES.put("every property required in %prod is provided",
                r -> ConfigRules.check(r, ConfigRules.generated(Overlays.dev())));
        RULES.put("KafkaTopics equal Topics.ALL", KafkaRules::checkTopics);
        RULES.put("every topic a service names exists", KafkaRules::checkServiceTopics);
        RULES.put("each service's KafkaUser grants exactly its uses", KafkaRules::checkAcls);
        RULES.put("Strimzi Kafka essentials", InfraRules::checkKafka);
        RULES.put("CloudNativePG: one database and owner per service", InfraRules::checkPostgres);
        RULES.put("scaling fits partitions and connections", ScalingRules::check);
        RULES.put("network policies allow only what each service needs", NetworkRules::check);
        RULES.put("grace period covers preStop, shutdown timeout and outbox flush", ShutdownRules::check);
    }

    static Stream<Arguments> overlaysAndRules() {
        return OverlaysRenderTest.overlays()
                .flatMap(rendered -> RULES.keySet().stream().map(rule -> Arguments.of(rendered, rule)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndRules")
    void overlaySatisfiesRule(Rendered rendered, String rule) {
        assertThat(RULES.get(rule).apply(rendered)).isEmpty();
    }

    @Test
    void prodAutoscalesDispatchAndSpreadsReplicas() {
        Rendered prod = Overlays.prod();
        assertThat(prod.all(HorizontalPodAutoscaler.class)).singleElement()
                .satisfies(hpa -> assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("dispatch-service"));
        assertThat(prod.deployment("dispatch-service").orElseThrow().getSpec().getReplicas())
                .as("the HPA owns dispatch's replicas").isNull();
        for (Deployment deployment : prod.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                    .as(deployment.getMetadata().getName())
                    .anySatisfy(c -> assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        }
        assertThat(prod.custom("Cluster").get(0).<Integer>get("spec", "instances")).isEqualTo(3);
        assertThat(InfraRules.brokers(prod)).isEqualTo(3);
    }

    @Test
    void devRunsOneOfEverything() {
        Rendered dev = Overlays.dev();
        assertThat(dev.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(InfraRules.brokers(dev)).isEqualTo(1);
    }

    @Test
    void kedaReplacesTheHpa() {
        Rendered keda = Overlays.prodWithKeda();
        assertThat(keda.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(keda.custom("ScaledObject")).hasSize(1);
    }
}
