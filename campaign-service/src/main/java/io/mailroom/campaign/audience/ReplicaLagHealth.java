package io.mailroom.campaign.audience;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness data: how many {@code mailroom.subscribers} records the audience replica is behind ({@code lagRecords},
 * or {@code "unknown"} when Kafka cannot tell).
 *
 * <p>Always UP. A lagging replica is a normal, self-healing state (a large import just landed) and not a reason to
 * take the instance out of the load balancer: that would stop operators from reading campaigns and pausing them
 * exactly when something is happening. The lag matters only when a campaign starts, and preflight already warns
 * about it there. Kafka being unreachable is reported DOWN by the messaging extension's own readiness check.
 */
@Readiness
@ApplicationScoped
public class ReplicaLagHealth implements AsyncHealthCheck {

    @Inject
    ReplicaLag replicaLag;

    @Override
    public Uni<HealthCheckResponse> call() {
        return replicaLag.measure().map(lag -> {
            var response = HealthCheckResponse.named("audience-replica").up();
            return (lag == null ? response.withData("lagRecords", "unknown") : response.withData("lagRecords", lag))
                    .build();
        });
    }
}
