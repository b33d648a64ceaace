package io.mailroom.feedback.testing;

import java.util.Map;

import io.mailroom.local.fault.FaultProxy;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Routes the service's reactive PostgreSQL connections through a loopback {@link FaultProxy} that a test can
 * {@link #cut()} (every open connection reset, new ones refused, as when the database host is gone) and
 * {@link #restore()} on the same port. Flyway's JDBC URL stays direct. Runs after {@link MailroomStackResource}
 * ({@link #order()}), so its {@code quarkus.datasource.reactive.url} wins.
 */
public class PostgresCutResource implements QuarkusTestResourceLifecycleManager {
    public static final String PROXIED_URL = "mailroom.test.postgres-proxy-url";

    private static FaultProxy proxy;
    private static int proxyPort;
    private static int postgresPort;

    @Override
    public synchronized Map<String, String> start() {
        String direct = MailroomStackResource.stack().reactiveUrl("feedback");
        postgresPort = Integer.parseInt(direct.replaceAll("^postgresql://[^:]+:(\\d+)/.*$", "$1"));
        proxy = FaultProxy.start(0, postgresPort);
        proxyPort = proxy.port();
        String proxied = "postgresql://127.0.0.1:" + proxyPort + "/feedback";
        return Map.of("quarkus.datasource.reactive.url", proxied, PROXIED_URL, proxied);
    }

    @Override
    public int order() {
        return 1;
    }

    /** PostgreSQL becomes unreachable for the service. */
    public static synchronized void cut() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    /** PostgreSQL is reachable again, on the same address (nothing to do when it was not cut). */
    public static synchronized void restore() {
        if (proxy == null) {
            proxy = FaultProxy.start(proxyPort, postgresPort);
        }
    }

    @Override
    public synchronized void stop() {
        cut();
    }
}
