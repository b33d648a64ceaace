package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The environment a service's container gets: literal and ConfigMap values, and Secret references. */
record PodEnv(Map<String, String> values, Map<String, SecretKeySelector> secrets, List<String> problems) {
    /** Stands in for a value that comes from a Secret. */
    static final String FROM_SECRET = "<from secret>";

    static PodEnv of(Rendered rendered, Deployment deployment) {
        Container app = app(deployment).orElseThrow(
                () -> new IllegalStateException(deployment.getMetadata().getName() + " has no container 'app'"));
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, SecretKeySelector> secrets = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String where = "Deployment " + deployment.getMetadata().getName();
        for (EnvFromSource from : app.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                if (rendered.configMap(name).isEmpty()) {
                    problems.add(where + ": envFrom ConfigMap " + name + " is not part of the overlay");
                }
                values.putAll(rendered.configData(name));
            } else {
                problems.add(where + ": envFrom " + from + " is not supported by these checks; use secretKeyRef");
            }
        }
        for (EnvVar env : app.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                secrets.put(env.getName(), env.getValueFrom().getSecretKeyRef());
                values.remove(env.getName());
            } else if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                values.put(env.getName(), rendered.configData(ref.getName()).getOrDefault(ref.getKey(), ""));
            } else {
                values.put(env.getName(), env.getValue() == null ? "" : env.getValue());
            }
        }
        return new PodEnv(values, secrets, problems);
    }

    static Optional<Container> app(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "app".equals(c.getName())).findFirst();
    }

    /** Every variable with a value, Secret-backed ones as {@link #FROM_SECRET}. */
    Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(values);
        secrets.keySet().forEach(name -> all.put(name, FROM_SECRET));
        return all;
    }
}
