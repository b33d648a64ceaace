package io.mailroom.local;

import java.nio.file.Path;
import java.util.List;

/** Test helper JVM: starts a {@link KafkaBroker} and waits to be killed. */
public final class BrokerParentMain {
    private BrokerParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path workDir = Path.of(args[0]);
        KafkaBroker broker = new KafkaBroker(workDir.resolve("kafka"), workDir.resolve("kafka.log"),
                Integer.parseInt(args[1]), Ports.pickFree(), List.of());
        broker.start();
        Thread.currentThread().join();
    }
}
