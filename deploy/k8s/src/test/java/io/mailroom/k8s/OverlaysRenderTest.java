package io.mailroom.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Every overlay renders into typed Kubernetes kinds and known custom resources, each namespaced and labelled. */
class OverlaysRenderTest {
    /** The custom resources the manifests may use, with the API version the operators serve them under. */
    private static final Map<String, String> CUSTOM_KINDS = Map.of(
            "Kafka", "kafka.strimzi.io/v1beta2", "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2", "KafkaUser", "kafka.strimzi.io/v1beta2",
            "Cluster", "postgresql.cnpg.io/v1", "Database", "postgresql.cnpg.io/v1",
            "ScaledObject", "keda.sh/v1alpha1", "TriggerAuthentication", "keda.sh/v1alpha1");

    static Stream<Rendered> overlays() {
        return Stream.of(Overlays.dev(), Overlays.prod(), Overlays.prodWithKeda());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyDocumentIsATypedKindOrAKnownCustomResource(Rendered rendered) {
        assertThat(rendered.resources()).hasSizeGreaterThan(40);
        for (HasMetadata resource : rendered.resources()) {
            String id = resource.getKind() + " " + resource.getMetadata().getName();
            if (resource instanceof GenericKubernetesResource) {
                assertThat(resource.getApiVersion()).as(id).isEqualTo(CUSTOM_KINDS.get(resource.getKind()));
            }
            assertThat(resource.getMetadata().getNamespace()).as(id + " namespace").isNotBlank();
            assertThat(resource.getMetadata().getLabels()).as(id + " labels")
                    .containsEntry("app.kubernetes.io/part-of", "mailroom");
        }
    }
}
