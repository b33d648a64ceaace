package io.mailroom.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack whose JVM is SIGKILLed (no shutdown hook runs) still goes away: broker, moto, PostgreSQL and its data. */
class KilledOwnerTest {
    @TempDir
    Path workDir;

    @Test
    void everythingStopsWhenTheOwningJvmIsKilled() throws Exception {
        Path stateFile = workDir.resolve("stack.json");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StackOwnerMain.class.getName(), workDir.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("owner.out").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(stateFile) || !owner.isAlive());
            assertTrue(owner.isAlive(), () -> read(workDir.resolve("owner.out")));
            StackState state = StackState.read(stateFile);
            int postgresPort = URI.create(state.databases().get("campaign").reactiveUrl()).getPort();
            Path pgData = dataDirectory(postgresPort, state);
            List<Integer> ports = List.of(URI.create("kafka://" + state.kafkaBootstrap()).getPort(), postgresPort,
                    URI.create(state.sesEndpoint()).getPort());
            List<ProcessHandle> children = owner.descendants().toList();
            assertTrue(ports.stream().allMatch(Ports::accepts));

            owner.destroyForcibly(); // SIGKILL: the stack's shutdown hook does not run

            await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            await().atMost(Duration.ofSeconds(30)).until(() -> ports.stream().noneMatch(Ports::accepts));
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(pgData));
        } finally {
            owner.destroyForcibly();
        }
        assertFalse(owner.isAlive());
    }

    private static Path dataDirectory(int port, StackState state) throws Exception {
        try (Connection c = Databases.connect(port, "campaign", state.dbUser(), state.dbPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("show data_directory")) {
            assertTrue(rs.next());
            return Path.of(rs.getString(1));
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
