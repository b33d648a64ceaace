package io.mailroom.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker whose parent JVM is killed outright (no shutdown hook runs) stops by itself. */
class BrokerFollowsParentTest {
    @TempDir
    Path workDir;

    @Test
    void brokerExitsWhenItsParentIsKilled() throws Exception {
        int port = Ports.pickFree();
        Path out = workDir.resolve("parent.out");
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrokerParentMain.class.getName(),
                workDir.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            // The watchdog is armed before the storage is formatted: no need to wait for a fully started broker.
            await().atMost(Duration.ofSeconds(90)).until(() -> read(workDir.resolve("kafka.log"))
                    .contains("Formatting metadata directory") || !parent.isAlive());
            assertTrue(parent.isAlive(), () -> read(out));
            List<ProcessHandle> broker = parent.descendants().toList();
            assertEquals(1, broker.size(), "one broker JVM");

            parent.destroyForcibly(); // SIGKILL: the parent's shutdown hooks do not run

            await().atMost(Duration.ofSeconds(60)).until(() -> !broker.get(0).isAlive());
            assertFalse(Ports.accepts(port));
        } finally {
            parent.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
