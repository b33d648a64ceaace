package io.mailroom.dispatch.channel.ses;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;

/**
 * The account's MaxSendRate from SES GetAccount, refreshed every {@code mailroom.ses.account-refresh}. A failed
 * refresh keeps the last known rate; before the first success there is none (the channel is then unlimited unless
 * {@code mailroom.dispatch.rate.ses} is set, and SES throttling is retried).
 */
@ApplicationScoped
public class SesSendRate {
    private static final Logger LOG = Logger.getLogger(SesSendRate.class);

    @Inject
    SesV2AsyncClient client;

    @Inject
    SesConfig config;

    @Inject
    Vertx vertx;

    private volatile Double maxSendRate;
    private volatile String lastError;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(config.accountRefresh().toMillis(), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The last MaxSendRate SES reported, if any. */
    public Optional<Double> current() {
        return Optional.ofNullable(maxSendRate);
    }

    /** Why the last refresh failed (null after a success). */
    public String lastError() {
        return lastError;
    }

    private void refresh() {
        client.getAccount(r -> { }).whenComplete(this::update);
    }

    private void update(GetAccountResponse account, Throwable failure) {
        if (failure != null) {
            lastError = String.valueOf(failure.getCause() != null ? failure.getCause() : failure);
            LOG.warnf("SES GetAccount failed, keeping the SES rate at %s: %s",
                    maxSendRate == null ? "unlimited" : maxSendRate + " msg/s", lastError);
            return;
        }
        Double rate = account.sendQuota() == null ? null : account.sendQuota().maxSendRate();
        if (rate != null && rate > 0) {
            maxSendRate = rate;
        }
        lastError = null;
    }
}
