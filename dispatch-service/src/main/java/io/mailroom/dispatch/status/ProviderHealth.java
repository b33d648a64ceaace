package io.mailroom.dispatch.status;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The last success and the last failure of each provider, as this instance saw them. */
@ApplicationScoped
public class ProviderHealth {
    /** One provider's recent history. */
    public record Health(Instant lastSuccessAt, Instant lastFailureAt, String lastError) {
        /** Healthy unless the most recent call failed. */
        public boolean healthy() {
            return lastFailureAt == null || (lastSuccessAt != null && lastSuccessAt.isAfter(lastFailureAt));
        }
    }

    private final Map<String, Health> byChannel = new ConcurrentHashMap<>();

    public void record(String channel, Throwable failure) {
        Instant now = Instant.now();
        byChannel.merge(channel, failure == null ? new Health(now, null, null) : new Health(null, now, failure.getMessage()),
                (old, latest) -> failure == null ? new Health(now, old.lastFailureAt(), old.lastError())
                        : new Health(old.lastSuccessAt(), now, failure.getMessage()));
    }

    public Health of(String channel) {
        return byChannel.getOrDefault(channel, new Health(null, null, null));
    }
}
