package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The documents of one rendered overlay, unmarshalled into fabric8's typed model (CRDs stay generic). */
record Rendered(String name, List<HasMetadata> resources) {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    static Rendered parse(String name, String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String doc : SEPARATOR.split(yaml)) {
            if (!doc.isBlank()) {
                Object parsed = SERIALIZATION.unmarshal(doc);
                if (!(parsed instanceof HasMetadata resource)) {
                    throw new IllegalArgumentException(name + ": not a Kubernetes resource: " + doc.lines().findFirst());
                }
                resources.add(resource);
            }
        }
        return new Rendered(name, List.copyOf(resources));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Custom resources (Strimzi, CloudNativePG, KEDA) of one kind. */
    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    Optional<GenericKubernetesResource> custom(String kind, String name) {
        return custom(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    Optional<Deployment> deployment(String name) {
        return named(Deployment.class, name);
    }

    Optional<ConfigMap> configMap(String name) {
        return named(ConfigMap.class, name);
    }

    Optional<Secret> secret(String name) {
        return named(Secret.class, name);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    /** The data of a rendered ConfigMap, empty when it is not rendered. */
    Map<String, String> configData(String name) {
        return configMap(name).map(ConfigMap::getData).map(Map::copyOf).orElse(Map.of());
    }
}
