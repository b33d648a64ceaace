package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Essentials of the Strimzi and CloudNativePG resources, checked against what the services are configured to use. */
final class InfraRules {
    private InfraRules() {
    }

    /** Brokers across the node pools of the (single) Kafka cluster. */
    static int brokers(Rendered rendered) {
        return rendered.custom("KafkaNodePool").stream()
                .filter(p -> InfraRules.<List<String>>value(p, "spec", "roles").contains("broker"))
                .mapToInt(p -> InfraRules.<Number>value(p, "spec", "replicas").intValue()).sum();
    }

    static List<String> checkKafka(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        List<GenericKubernetesResource> clusters = rendered.custom("Kafka");
        if (clusters.size() != 1) {
            return List.of("expected one Strimzi Kafka, found " + clusters.size());
        }
        GenericKubernetesResource kafka = clusters.get(0);
        String name = kafka.getMetadata().getName();
        Map<String, String> annotations = kafka.getMetadata().getAnnotations();
        if (annotations == null || !"enabled".equals(annotations.get("strimzi.io/kraft"))
                || !"enabled".equals(annotations.get("strimzi.io/node-pools"))) {
            problems.add("Kafka " + name + " must enable strimzi.io/kraft and strimzi.io/node-pools");
        }
        int controllers = 0;
        for (GenericKubernetesResource pool : rendered.custom("KafkaNodePool")) {
            if (!name.equals(pool.getMetadata().getLabels().get("strimzi.io/cluster"))) {
                problems.add("KafkaNodePool " + pool.getMetadata().getName() + " is not labelled for cluster " + name);
            }
            if (InfraRules.<List<String>>value(pool, "spec", "roles").contains("controller")) {
                controllers += InfraRules.<Number>value(pool, "spec", "replicas").intValue();
            }
        }
        if (controllers % 2 == 0 || brokers(rendered) == 0) {
            problems.add("Kafka " + name + " needs an odd number of controllers and at least one broker, has "
                    + controllers + " and " + brokers(rendered));
        }
        for (String kind : List.of("KafkaTopic", "KafkaUser")) {
            rendered.custom(kind).stream()
                    .filter(r -> !name.equals(r.getMetadata().getLabels().get("strimzi.io/cluster")))
                    .forEach(r -> problems.add(kind + " " + r.getMetadata().getName() + " is not labelled for " + name));
        }
        List<Map<String, Object>> listeners = value(kafka, "spec", "kafka", "listeners");
        for (Deployed service : Deployed.in(rendered)) {
            String bootstrap = service.effective().getOrDefault("kafka.bootstrap.servers", "");
            boolean matches = listeners.stream().anyMatch(l -> bootstrap.equals(name + "-kafka-bootstrap:" + l.get("port"))
                    && Boolean.TRUE.equals(l.get("tls")));
            if (!matches) {
                problems.add(service.service() + ": kafka.bootstrap.servers " + bootstrap
                        + " is not a TLS listener of Kafka " + name);
            }
        }
        return problems;
    }

    /** One database and one owner per service, owned with the credentials its Deployment reads. */
    static List<String> checkPostgres(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        List<GenericKubernetesResource> clusters = rendered.custom("Cluster");
        if (clusters.size() != 1) {
            return List.of("expected one CloudNativePG Cluster, found " + clusters.size());
        }
        GenericKubernetesResource cluster = clusters.get(0);
        Map<String, String> ownerSecrets = ownerSecrets(cluster);
        Map<String, String> owners = new java.util.HashMap<>();
        String initDb = value(cluster, "spec", "bootstrap", "initdb", "database");
        owners.put(initDb, value(cluster, "spec", "bootstrap", "initdb", "owner"));
        for (GenericKubernetesResource db : rendered.custom("Database")) {
            if (cluster.getMetadata().getName().equals(value(db, "spec", "cluster", "name"))) {
                owners.put(value(db, "spec", "name"), value(db, "spec", "owner"));
            }
        }
        Set<String> seenOwners = new HashSet<>();
        String host = cluster.getMetadata().getName() + "-rw";
        for (Deployed service : Deployed.in(rendered)) {
            String url = service.effective().getOrDefault("quarkus.datasource.jdbc.url", "");
            String reactive = service.effective().getOrDefault("quarkus.datasource.reactive.url", "");
            String database = url.replaceFirst("^jdbc:postgresql://" + host + ":5432/", "");
            if (database.equals(url) || !reactive.equals("postgresql://" + host + ":5432/" + database)) {
                problems.add(service.service() + ": datasource URLs " + url + " / " + reactive
                        + " do not both point to one database on " + host);
                continue;
            }
            String owner = owners.get(database);
            var passwordRef = service.env().secrets().get("QUARKUS_DATASOURCE_PASSWORD");
            if (owner == null) {
                problems.add(service.service() + ": database " + database + " is not created by Cluster or Database");
            } else if (!seenOwners.add(owner)) {
                problems.add(service.service() + ": owner " + owner + " is shared with another service");
            } else if (passwordRef == null || !passwordRef.getName().equals(ownerSecrets.get(owner))) {
                problems.add(service.service() + ": QUARKUS_DATASOURCE_PASSWORD is not the Secret of role " + owner
                        + " (" + ownerSecrets.get(owner) + ")");
            }
        }
        return problems;
    }

    private static Map<String, String> ownerSecrets(GenericKubernetesResource cluster) {
        Map<String, String> secrets = new java.util.HashMap<>();
        secrets.put(value(cluster, "spec", "bootstrap", "initdb", "owner"),
                value(cluster, "spec", "bootstrap", "initdb", "secret", "name"));
        List<Map<String, Object>> roles = value(cluster, "spec", "managed", "roles");
        if (roles != null) {
            for (Map<String, Object> role : roles) {
                Object secret = role.get("passwordSecret");
                secrets.put((String) role.get("name"), secret instanceof Map<?, ?> m ? (String) m.get("name") : null);
            }
        }
        return secrets;
    }

    @SuppressWarnings("unchecked")
    static <T> T value(GenericKubernetesResource resource, Object... path) {
        return (T) resource.get(path);
    }
}
