package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** Every Mailroom Deployment: probes, limits, non-root, read-only root with a writable /tmp, pinned image, metrics. */
final class DeploymentRules {
    private DeploymentRules() {
    }

    static List<String> check(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (String service : ServiceConfig.SERVICES) {
            if (rendered.deployment(service).isEmpty()) {
                problems.add("no Deployment " + service);
            }
        }
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String where = "Deployment " + deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                container(where + " container " + container.getName(), pod, container, problems);
            }
            metrics(where, deployment, problems);
            selectedBy(rendered, where, deployment, problems);
        }
        return problems;
    }

    private static void container(String where, PodSpec pod, Container c, List<String> problems) {
        String image = c.getImage() == null ? "" : c.getImage();
        String tag = image.contains("@sha256:") ? "digest"
                : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(image.lastIndexOf(':') + 1) : "";
        if (tag.isEmpty() || tag.equals("latest")) {
            problems.add(where + ": image '" + image + "' must carry a version tag or digest, not latest or none");
        }
        probe(where, "startupProbe", c.getStartupProbe(), "/q/health/", c, problems);
        probe(where, "livenessProbe", c.getLivenessProbe(), "/q/health/live", c, problems);
        probe(where, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", c, problems);
        Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
        Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
        for (String resource : List.of("cpu", "memory")) {
            if (limits == null || !limits.containsKey(resource)) {
                problems.add(where + ": no " + resource + " limit");
            }
            if (requests == null || !requests.containsKey(resource)) {
                problems.add(where + ": no " + resource + " request");
            }
        }
        var podSecurity = pod.getSecurityContext();
        var security = c.getSecurityContext();
        boolean nonRoot = security != null && Boolean.TRUE.equals(security.getRunAsNonRoot())
                || podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
        if (!nonRoot) {
            problems.add(where + ": runAsNonRoot is not true");
        }
        if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            problems.add(where + ": readOnlyRootFilesystem is not true");
        }
        if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            problems.add(where + ": allowPrivilegeEscalation is not false");
        }
        boolean tmp = c.getVolumeMounts().stream().anyMatch(m -> "/tmp".equals(m.getMountPath())
                && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
        if (!tmp) {
            problems.add(where + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
        }
    }

    private static void probe(String where, String kind, Probe probe, String path, Container c, List<String> problems) {
        if (probe == null) {
            problems.add(where + ": no " + kind);
            return;
        }
        if (probe.getHttpGet() == null || probe.getHttpGet().getPath() == null
                || !probe.getHttpGet().getPath().startsWith(path)) {
            problems.add(where + ": " + kind + " must be an HTTP GET on " + path);
            return;
        }
        var port = probe.getHttpGet().getPort();
        boolean declared = c.getPorts().stream().anyMatch(p -> port != null
                && (Objects.equals(port.getStrVal(), p.getName()) || Objects.equals(port.getIntVal(), p.getContainerPort())));
        if (!declared) {
            problems.add(where + ": " + kind + " port " + port + " is not a container port");
        }
    }

    private static void metrics(String where, Deployment deployment, List<String> problems) {
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        Container app = PodEnv.app(deployment).orElse(null);
        if (app == null) {
            problems.add(where + ": no container named app");
            return;
        }
        String port = app.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort).map(String::valueOf).orElse("?");
        if (annotations == null || !"true".equals(annotations.get("prometheus.io/scrape"))
                || !"/q/metrics".equals(annotations.get("prometheus.io/path"))
                || !port.equals(annotations.get("prometheus.io/port"))) {
            problems.add(where + ": pod needs prometheus.io/scrape=true, path=/q/metrics, port=" + port);
        }
    }

    private static void selectedBy(Rendered rendered, String where, Deployment deployment, List<String> problems) {
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        if (!Labels.matches(deployment.getSpec().getSelector(), labels)) {
            problems.add(where + ": selector does not match its pod template labels");
        }
        boolean service = rendered.all(Service.class).stream()
                .anyMatch(s -> s.getSpec().getSelector() != null && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()));
        if (!service) {
            problems.add(where + ": no Service selects its pods");
        }
        boolean pdb = rendered.all(PodDisruptionBudget.class).stream()
                .anyMatch(p -> Labels.matches(p.getSpec().getSelector(), labels));
        if (!pdb) {
            problems.add(where + ": no PodDisruptionBudget covers its pods");
        }
    }
}
