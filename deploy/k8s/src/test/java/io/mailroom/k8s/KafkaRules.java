package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.mailroom.events.Topics;

/** KafkaTopics equal Topics.ALL; every topic a service names exists; each service's KafkaUser grants exactly its uses. */
final class KafkaRules {
    private static final long MIN_DLQ_RETENTION_MS = 14L * 24 * 3600 * 1000;

    private KafkaRules() {
    }

    static Map<String, GenericKubernetesResource> topics(Rendered rendered) {
        Map<String, GenericKubernetesResource> topics = new HashMap<>();
        for (GenericKubernetesResource topic : rendered.custom("KafkaTopic")) {
            String name = topic.get("spec", "topicName");
            topics.put(name == null ? topic.getMetadata().getName() : name, topic);
        }
        return topics;
    }

    static List<String> checkTopics(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Map<String, GenericKubernetesResource> topics = topics(rendered);
        Set<String> known = new HashSet<>();
        for (Topics.TopicSpec spec : Topics.ALL) {
            known.add(spec.name());
            GenericKubernetesResource topic = topics.get(spec.name());
            if (topic == null) {
                problems.add("topic " + spec.name() + " of Topics.ALL has no KafkaTopic");
                continue;
            }
            Number partitions = topic.get("spec", "partitions");
            if (partitions == null || partitions.intValue() != spec.partitions()) {
                problems.add("KafkaTopic " + spec.name() + " has " + partitions + " partitions, Topics.ALL says "
                        + spec.partitions());
            }
            Object policy = topic.get("spec", "config", "cleanup.policy");
            String expected = spec.compacted() ? "compact" : "delete";
            if (!expected.equals(policy)) {
                problems.add("KafkaTopic " + spec.name() + " has cleanup.policy " + policy + ", expected " + expected);
            }
            Object retention = topic.get("spec", "config", "retention.ms");
            if (!spec.compacted() && !(retention instanceof Number)) {
                problems.add("KafkaTopic " + spec.name() + " sets no retention.ms");
            } else if (spec.name().endsWith(".dlq") && ((Number) retention).longValue() < MIN_DLQ_RETENTION_MS) {
                problems.add("KafkaTopic " + spec.name() + " keeps dead letters less than 14 days");
            }
            replication(rendered, spec.name(), topic, problems);
        }
        topics.keySet().stream().filter(t -> !known.contains(t))
                .forEach(t -> problems.add("KafkaTopic " + t + " is not in Topics.ALL"));
        return problems;
    }

    private static void replication(Rendered rendered, String name, GenericKubernetesResource topic, List<String> problems) {
        int brokers = InfraRules.brokers(rendered);
        Number replicas = topic.get("spec", "replicas");
        Object minIsr = topic.get("spec", "config", "min.insync.replicas");
        if (replicas == null || replicas.intValue() > brokers) {
            problems.add("KafkaTopic " + name + " wants " + replicas + " replicas, the cluster has " + brokers + " brokers");
        } else if (!(minIsr instanceof Number n) || n.intValue() > replicas.intValue()
                || replicas.intValue() > 1 && n.intValue() >= replicas.intValue()) {
            problems.add("KafkaTopic " + name + ": min.insync.replicas " + minIsr + " does not fit " + replicas + " replicas");
        }
    }

    /** Every topic a service's mp.messaging config or outbox code names exists as a KafkaTopic. */
    static List<String> checkServiceTopics(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Set<String> topics = topics(rendered).keySet();
        for (Deployed service : Deployed.in(rendered)) {
            for (Messaging.Use use : service.messaging().uses()) {
                if (use.kind() != Messaging.Kind.GROUP && !topics.contains(use.name())) {
                    problems.add(service.service() + ": topic " + use.name() + " (" + use.source()
                            + ") has no KafkaTopic");
                }
            }
        }
        return problems;
    }

    static List<String> checkAcls(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Set<String> topics = topics(rendered).keySet();
        for (GenericKubernetesResource user : rendered.custom("KafkaUser")) {
            for (Acl acl : Acl.of(user)) {
                if (acl.type().equals("topic") && !topics.contains(acl.name())) {
                    problems.add("KafkaUser " + user.getMetadata().getName() + ": ACL names unknown topic " + acl.name());
                }
                if (!"literal".equals(acl.pattern()) || acl.name().contains("*")) {
                    problems.add("KafkaUser " + user.getMetadata().getName() + ": ACL on " + acl.name()
                            + " must be literal, not " + acl.pattern());
                }
            }
        }
        for (Deployed service : Deployed.in(rendered)) {
            serviceUser(rendered, service, problems);
        }
        return problems;
    }

    private static void serviceUser(Rendered rendered, Deployed service, List<String> problems) {
        var jaas = service.env().secrets().get("KAFKA_SASL_JAAS_CONFIG");
        String userName = jaas == null ? null : jaas.getName();
        var user = userName == null ? null : rendered.custom("KafkaUser", userName).orElse(null);
        if (user == null) {
            problems.add(service.service() + ": KAFKA_SASL_JAAS_CONFIG does not come from a rendered KafkaUser's Secret");
            return;
        }
        List<Acl> acls = Acl.of(user);
        Set<String> needed = new HashSet<>();
        for (Messaging.Use use : service.messaging().uses()) {
            List<String> operations = switch (use.kind()) {
                case READ_TOPIC -> List.of("Read", "Describe");
                case WRITE_TOPIC -> List.of("Write", "Describe");
                case GROUP -> List.of("Read");
            };
            String type = use.kind() == Messaging.Kind.GROUP ? "group" : "topic";
            needed.add(type + ":" + use.name());
            for (String operation : operations) {
                if (acls.stream().noneMatch(a -> a.grants(type, use.name(), operation))) {
                    problems.add(service.service() + ": KafkaUser " + userName + " lacks " + operation + " on " + type
                            + " " + use.name() + " (" + use.source() + ")");
                }
            }
        }
        for (Acl acl : acls) {
            if (!needed.contains(acl.type() + ":" + acl.name())) {
                problems.add(service.service() + ": KafkaUser " + userName + " grants " + acl.operations() + " on "
                        + acl.type() + " " + acl.name() + ", which the service does not use");
            }
        }
    }

    /** One simple-authorization ACL entry of a KafkaUser. */
    record Acl(String type, String name, String pattern, List<String> operations) {
        @SuppressWarnings("unchecked")
        static List<Acl> of(GenericKubernetesResource user) {
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            if (acls == null) {
                return List.of();
            }
            return acls.stream().map(a -> {
                Map<String, Object> resource = (Map<String, Object>) a.get("resource");
                return new Acl(String.valueOf(resource.get("type")), String.valueOf(resource.get("name")),
                        String.valueOf(resource.getOrDefault("patternType", "literal")),
                        (List<String>) a.getOrDefault("operations", List.of()));
            }).toList();
        }

        boolean grants(String type, String name, String operation) {
            return this.type.equals(type) && this.name.equals(name)
                    && (operations.contains(operation) || operations.contains("All"));
        }
    }
}
