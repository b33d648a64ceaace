package io.mailroom.dispatch.send;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;

/**
 * On SIGTERM, lets the sends in flight settle before anything closes. Observed before every other shutdown observer
 * (the outbox relay's flush comes after it, so the outcomes recorded here are published before the process leaves);
 * SmallRye closes the Kafka consumers only after the shutdown observers, and commits the settled offsets then.
 */
@ApplicationScoped
class Draining {
    @Inject
    SendsConsumer sends;

    /** The same bound Quarkus gives running HTTP requests; the pod's grace period covers both (deploy/k8s). */
    @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "20s")
    Duration timeout;

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        sends.drain(timeout);
    }
}
