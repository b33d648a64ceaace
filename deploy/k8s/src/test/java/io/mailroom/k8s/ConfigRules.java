package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Every property a service requires in %prod is provided, and every Secret reference can be satisfied. */
final class ConfigRules {
    private ConfigRules() {
    }

    /**
     * @param opsSecrets Secrets ops create for this overlay (name → keys); the dev overlay generates the same ones.
     */
    static List<String> check(Rendered rendered, Map<String, Set<String>> opsSecrets) {
        List<String> problems = new ArrayList<>();
        for (Deployed service : Deployed.in(rendered)) {
            problems.addAll(service.env().problems());
            Map<String, String> env = service.env().all();
            service.config().required().forEach((property, why) -> {
                String name = ServiceConfig.envName(property);
                String value = env.get(name);
                if (value == null || value.isBlank()) {
                    problems.add(service.service() + ": " + property + " (env " + name + ") is required in %prod ("
                            + why + ") but its ConfigMaps and Secret references do not provide it");
                }
            });
            service.env().secrets().forEach((name, ref) -> {
                if (!Boolean.TRUE.equals(ref.getOptional())) {
                    secret(rendered, opsSecrets, service.service() + " env " + name, ref.getName(), ref.getKey(), problems);
                }
            });
            volumeSecrets(rendered, opsSecrets, service.deployment(), problems);
        }
        return problems;
    }

    /** The Secrets (and their keys) an overlay generates itself. */
    static Map<String, Set<String>> generated(Rendered rendered) {
        Map<String, Set<String>> secrets = new java.util.TreeMap<>();
        for (Secret secret : rendered.all(Secret.class)) {
            Set<String> keys = new java.util.TreeSet<>();
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            secrets.put(secret.getMetadata().getName(), keys);
        }
        return secrets;
    }

    private static void volumeSecrets(Rendered rendered, Map<String, Set<String>> ops, Deployment deployment,
            List<String> problems) {
        for (var volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
            if (volume.getSecret() != null) {
                for (var item : volume.getSecret().getItems()) {
                    secret(rendered, ops, "Deployment " + deployment.getMetadata().getName() + " volume "
                            + volume.getName(), volume.getSecret().getSecretName(), item.getKey(), problems);
                }
            }
        }
    }

    private static void secret(Rendered rendered, Map<String, Set<String>> ops, String where, String name, String key,
            List<String> problems) {
        Set<String> keys = generated(rendered).get(name);
        if (keys == null && rendered.custom("KafkaUser", name).isPresent()) {
            keys = Set.of("password", "sasl.jaas.config");
        }
        if (keys == null && rendered.custom("Kafka").stream()
                .anyMatch(k -> (k.getMetadata().getName() + "-cluster-ca-cert").equals(name))) {
            keys = Set.of("ca.crt", "ca.p12", "ca.password");
        }
        if (keys == null) {
            keys = ops.get(name);
        }
        if (keys == null) {
            problems.add(where + ": Secret " + name + " is neither in the overlay, made by an operator, nor one ops create");
        } else if (!keys.contains(key)) {
            problems.add(where + ": Secret " + name + " has no key " + key + " (it has " + keys + ")");
        }
    }
}
