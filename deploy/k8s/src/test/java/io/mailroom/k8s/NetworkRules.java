package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/** Each service pod is default-denied, may reach DNS, Kafka and PostgreSQL, and is reachable only on its HTTP port. */
final class NetworkRules {
    private NetworkRules() {
    }

    static List<String> check(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        int kafkaPort = kafkaPort(rendered);
        for (Deployed service : Deployed.in(rendered)) {
            Map<String, String> labels = service.deployment().getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class).stream()
                    .filter(p -> Labels.matches(p.getSpec().getPodSelector(), labels)).toList();
            String where = service.service() + ": NetworkPolicies ";
            boolean denied = policies.stream().anyMatch(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")));
            if (!denied) {
                problems.add(where + "do not isolate both ingress and egress");
            }
            Set<String> egress = new HashSet<>();
            Set<String> ingress = new HashSet<>();
            for (NetworkPolicy policy : policies) {
                policy.getSpec().getEgress().forEach(rule -> rule.getPorts().forEach(p -> egress.add(port(p))));
                policy.getSpec().getIngress().forEach(rule -> {
                    if (rule.getPorts().isEmpty()) {
                        ingress.add("any");
                    }
                    rule.getPorts().forEach(p -> ingress.add(port(p)));
                });
            }
            for (String needed : List.of("53", String.valueOf(kafkaPort), "5432")) {
                if (!egress.contains(needed)) {
                    problems.add(where + "allow no egress to port " + needed);
                }
            }
            var http = PodEnv.app(service.deployment()).orElseThrow().getPorts().get(0);
            ingress.removeAll(Set.of("http", String.valueOf(http.getContainerPort())));
            if (!ingress.isEmpty()) {
                problems.add(where + "open ingress ports " + ingress + " besides its HTTP port");
            }
        }
        return problems;
    }

    private static String port(NetworkPolicyPort port) {
        IntOrString value = port.getPort();
        return value == null ? "any" : value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static int kafkaPort(Rendered rendered) {
        return rendered.custom("Kafka").stream().findFirst()
                .map(k -> InfraRules.<List<Map<String, Object>>>value(k, "spec", "kafka", "listeners"))
                .flatMap(l -> l.stream().filter(x -> Boolean.TRUE.equals(x.get("tls"))).findFirst())
                .map(l -> ((Number) l.get("port")).intValue()).orElse(-1);
    }
}
