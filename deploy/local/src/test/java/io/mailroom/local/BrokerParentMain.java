package io.mailroom.local;

import java.nio.file.Path;

/** Test helper JVM: starts a {@link KafkaBroker}, says so, and waits to be killed. */
public final class BrokerParentMain {
    static final String READY = "broker ready";

    private BrokerParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path workDir = Path.of(args[0]);
        KafkaBroker broker = new KafkaBroker(workDir.resolve("kafka"), workDir.resolve("kafka.log"),
                Integer.parseInt(args[1]), Ports.pickFree());
        broker.start();
        System.out.println(READY);
        Thread.currentThread().join();
    }
}
