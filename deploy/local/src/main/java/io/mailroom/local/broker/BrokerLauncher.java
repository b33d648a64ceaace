package io.mailroom.local.broker;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Main class of the broker JVM: stops the broker when the JVM that started it is gone, formats the storage on first
 * start, then runs {@code kafka.Kafka}.
 *
 * <p>Runs only on the broker's classpath (KafkaBroker copies this one class there), never in the services' JVMs.
 * Formatting here instead of in a separate {@code StorageTool} JVM saves a JVM start on every stack start.
 * Arguments: the parent's pid, the cluster id, the server.properties file.
 */
public final class BrokerLauncher {
    private BrokerLauncher() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BrokerLauncher <parent-pid> <cluster-id> <server.properties>");
        }
        long parentPid = Long.parseLong(args[0]);
        // A parent that was killed (SIGKILL, a Surefire fork timeout) runs no shutdown hook: do not outlive it.
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(1));
        String config = args[2];
        int formatted = StorageTool.execute(new String[] {"format", "--cluster-id=" + args[1], "--config=" + config,
            "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            System.exit(formatted);
        }
        Kafka.main(new String[] {config});
    }
}
