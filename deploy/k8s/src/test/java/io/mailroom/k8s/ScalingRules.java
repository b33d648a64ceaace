package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** Replicas × consumers never exceed partitions, and all pools together fit PostgreSQL's max_connections. */
final class ScalingRules {
    /** Connections CloudNativePG and operators keep for themselves (superuser, replication, monitoring). */
    private static final int RESERVED_CONNECTIONS = 20;

    private ScalingRules() {
    }

    /** The most pods a service can run: its autoscaler's maximum, else its replica count. */
    static int maxReplicas(Rendered rendered, Deployed service) {
        String name = service.deployment().getMetadata().getName();
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            if (name.equals(hpa.getSpec().getScaleTargetRef().getName())) {
                return hpa.getSpec().getMaxReplicas();
            }
        }
        for (GenericKubernetesResource scaled : rendered.custom("ScaledObject")) {
            if (name.equals(InfraRules.value(scaled, "spec", "scaleTargetRef", "name"))) {
                return InfraRules.<Number>value(scaled, "spec", "maxReplicaCount").intValue();
            }
        }
        Integer replicas = service.deployment().getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static List<String> check(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        var topics = KafkaRules.topics(rendered);
        int connections = 0;
        for (Deployed service : Deployed.in(rendered)) {
            int pods = maxReplicas(rendered, service);
            service.messaging().concurrencyByTopic().forEach((topic, consumers) -> {
                GenericKubernetesResource kafkaTopic = topics.get(topic);
                Number partitions = kafkaTopic == null ? null : kafkaTopic.get("spec", "partitions");
                if (partitions != null && pods * consumers > partitions.intValue()) {
                    problems.add(service.service() + ": up to " + pods + " pods x " + consumers + " consumers of "
                            + topic + " exceed its " + partitions + " partitions (idle consumers)");
                }
            });
            Map<String, String> config = service.effective();
            connections += pods * (Integer.parseInt(config.getOrDefault("quarkus.datasource.jdbc.max-size", "20"))
                    + Integer.parseInt(config.getOrDefault("quarkus.datasource.reactive.max-size", "20")));
        }
        for (GenericKubernetesResource cluster : rendered.custom("Cluster")) {
            Object max = InfraRules.value(cluster, "spec", "postgresql", "parameters", "max_connections");
            int limit = max == null ? 100 : Integer.parseInt(max.toString());
            if (connections > limit - RESERVED_CONNECTIONS) {
                problems.add("services may open " + connections + " connections at full scale, Cluster "
                        + cluster.getMetadata().getName() + " allows max_connections " + limit + " (minus "
                        + RESERVED_CONNECTIONS + " reserved)");
            }
        }
        keda(rendered, problems);
        return problems;
    }

    private static void keda(Rendered rendered, List<String> problems) {
        for (GenericKubernetesResource scaled : rendered.custom("ScaledObject")) {
            String target = InfraRules.value(scaled, "spec", "scaleTargetRef", "name");
            Deployed service = Deployed.in(rendered).stream()
                    .filter(d -> d.deployment().getMetadata().getName().equals(target)).findFirst().orElse(null);
            if (service == null) {
                problems.add("ScaledObject " + scaled.getMetadata().getName() + " scales unknown " + target);
                continue;
            }
            List<Map<String, Object>> triggers = InfraRules.value(scaled, "spec", "triggers");
            for (Map<String, Object> trigger : triggers) {
                if ("kafka".equals(trigger.get("type"))) {
                    kafkaTrigger(rendered, service, (Map<?, ?>) trigger.get("metadata"), problems);
                }
            }
        }
    }

    private static void kafkaTrigger(Rendered rendered, Deployed service, Map<?, ?> metadata, List<String> problems) {
        String topic = String.valueOf(metadata.get("topic"));
        String group = String.valueOf(metadata.get("consumerGroup"));
        if (!KafkaRules.topics(rendered).containsKey(topic)) {
            problems.add("ScaledObject for " + service.service() + ": unknown topic " + topic);
        }
        boolean consumes = service.messaging().uses().stream().anyMatch(u -> u.kind() == Messaging.Kind.GROUP
                && u.name().equals(group));
        if (!consumes) {
            problems.add("ScaledObject for " + service.service() + ": consumer group " + group + " is not one of its");
        }
        String namespace = service.deployment().getMetadata().getNamespace();
        String bootstrap = String.valueOf(metadata.get("bootstrapServers"));
        if (!bootstrap.startsWith(rendered.custom("Kafka").get(0).getMetadata().getName() + "-kafka-bootstrap."
                + namespace + ".svc:")) {
            problems.add("ScaledObject for " + service.service() + ": bootstrapServers " + bootstrap
                    + " is not the Kafka bootstrap in namespace " + namespace);
        }
    }
}
