package io.mailroom.k8s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * A pod's grace period covers its whole clean shutdown: the preStop pause (endpoints drop the pod before SIGTERM),
 * then Quarkus's wait for running HTTP requests and dispatch's drain of sends in flight (each bounded by
 * {@code quarkus.shutdown.timeout}), then the outbox relay's last flush (5 s); past the grace period the kubelet
 * SIGKILLs, and a send still in flight is left ambiguous. dispatch-service must have both (it is the one that drains).
 */
final class ShutdownRules {
    /** OutboxRelay's flush at shutdown (SHUTDOWN_FLUSH). */
    static final long OUTBOX_FLUSH_SECONDS = 5;
    /** Kubernetes' default terminationGracePeriodSeconds. */
    static final long DEFAULT_GRACE_SECONDS = 30;

    private ShutdownRules() {
    }

    static List<String> check(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Deployed service : Deployed.in(rendered)) {
            String where = "Deployment " + service.deployment().getMetadata().getName();
            PodSpec pod = service.deployment().getSpec().getTemplate().getSpec();
            Container app = PodEnv.app(service.deployment()).orElseThrow();
            long preStop = preStopSeconds(app);
            String timeout = service.effective().get("quarkus.shutdown.timeout");
            long shutdown = timeout == null ? 0 : seconds(timeout);
            if (service.service().equals("dispatch-service")) {
                if (preStop == 0) {
                    problems.add(where + ": no preStop sleep (SIGTERM would come while endpoints still route to it)");
                }
                if (timeout == null) {
                    problems.add(where + ": quarkus.shutdown.timeout is not set (sends in flight would not drain)");
                }
            }
            long needed = preStop + 2 * shutdown + OUTBOX_FLUSH_SECONDS;
            long grace = pod.getTerminationGracePeriodSeconds() == null ? DEFAULT_GRACE_SECONDS
                    : pod.getTerminationGracePeriodSeconds();
            if (grace < needed) {
                problems.add(where + ": terminationGracePeriodSeconds " + grace + " < preStop " + preStop
                        + " + 2 x quarkus.shutdown.timeout " + shutdown + " + outbox flush " + OUTBOX_FLUSH_SECONDS);
            }
        }
        return problems;
    }

    private static long preStopSeconds(Container app) {
        if (app.getLifecycle() == null || app.getLifecycle().getPreStop() == null
                || app.getLifecycle().getPreStop().getSleep() == null) {
            return 0;
        }
        return app.getLifecycle().getPreStop().getSleep().getSeconds();
    }

    // Quarkus durations: ISO-8601 (PT20S) or a number with an optional unit (20s, 500ms, 2m)
    static long seconds(String value) {
        String v = value.trim().toLowerCase();
        if (v.startsWith("p")) {
            return Duration.parse(v.toUpperCase()).toSeconds();
        }
        if (v.endsWith("ms")) {
            return (Long.parseLong(v.substring(0, v.length() - 2)) + 999) / 1000;
        }
        char unit = v.charAt(v.length() - 1);
        if (Character.isDigit(unit)) {
            return Long.parseLong(v);
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (unit) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            default -> throw new IllegalArgumentException("not a duration: " + value);
        };
    }
}
