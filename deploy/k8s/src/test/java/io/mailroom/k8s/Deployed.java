package io.mailroom.k8s;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** One service as an overlay deploys it: its Deployment, environment, effective config and Kafka usage. */
record Deployed(ServiceConfig config, Deployment deployment, PodEnv env, Map<String, String> effective,
        Messaging messaging) {
    private static final Map<String, ServiceConfig> CONFIGS = new ConcurrentHashMap<>();

    static ServiceConfig config(String service) {
        return CONFIGS.computeIfAbsent(service, ServiceConfig::load);
    }

    /** The services whose Deployment the overlay renders (DeploymentRules reports the missing ones). */
    static List<Deployed> in(Rendered rendered) {
        return ServiceConfig.SERVICES.stream()
                .flatMap(service -> rendered.deployment(service).stream().map(d -> of(rendered, config(service), d)))
                .toList();
    }

    private static Deployed of(Rendered rendered, ServiceConfig config, Deployment deployment) {
        PodEnv env = PodEnv.of(rendered, deployment);
        Map<String, String> effective = config.effective(env.all());
        return new Deployed(config, deployment, env, effective,
                Messaging.of(effective, config.scan(), config.service()));
    }

    String service() {
        return config.service();
    }
}
