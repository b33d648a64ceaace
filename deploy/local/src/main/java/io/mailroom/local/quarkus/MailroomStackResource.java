package io.mailroom.local.quarkus;

import io.mailroom.local.EmbeddedStack;
import io.mailroom.local.StackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource that points a service at the shared embedded stack.
 *
 * <p>Use {@code @QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service",
 * value = "campaign"))}. One stack is started lazily per class loader and shared by every test class; it is closed
 * when the last resource using it stops, which Quarkus does before it closes the class loader that loaded it.
 */
public class MailroomStackResource implements QuarkusTestResourceLifecycleManager {
    /** Init argument naming the service whose configuration {@link #start()} returns. */
    public static final String SERVICE = "service";
    /** Configuration key of the stack's work directory (logs). */
    public static final String WORK_DIR_KEY = "mailroom.test.stack.workdir";

    private static EmbeddedStack stack;
    private static int users;

    private String service;
    private boolean acquired;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get(SERVICE);
        if (service == null || !StackConfig.SERVICE_DATABASES.contains(service)) {
            throw new IllegalArgumentException("MailroomStackResource needs the init argument '" + SERVICE
                    + "', one of " + StackConfig.SERVICE_DATABASES + "; got " + service);
        }
    }

    @Override
    public Map<String, String> start() {
        EmbeddedStack shared = acquire();
        acquired = true;
        Map<String, String> config = new HashMap<>(shared.serviceConfig(service));
        config.put(WORK_DIR_KEY, shared.workDir().toString());
        return config;
    }

    @Override
    public void stop() {
        if (acquired) {
            acquired = false;
            release();
        }
    }

    /** The shared stack (started if need be), e.g. to read the inbox or restart Kafka from a test. */
    public static synchronized EmbeddedStack stack() {
        if (stack == null) {
            stack = EmbeddedStack.start(StackConfig.builder().build());
        }
        return stack;
    }

    private static synchronized EmbeddedStack acquire() {
        EmbeddedStack shared = stack();
        users++;
        return shared;
    }

    private static synchronized void release() {
        users--;
        if (users == 0) {
            EmbeddedStack closing = stack;
            stack = null;
            closing.close();
        }
    }
}
