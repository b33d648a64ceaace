package io.mailroom.local.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailroom.local.StackConfig;
import io.mailroom.local.StackState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code stack} command in its own JVM, as the launcher runs it. */
class StackMainTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path stateDir;

    @Test
    void runsUntilSigtermThenLeavesNoProcessPortOrStateFile() throws Exception {
        Process cli = cli("stack", "--kafka-port", "0", "--postgres-port", "0", "--smtp-port", "0",
                "--mail-api-port", "0", "--ses-port", "0", "--state-dir", stateDir.toString());
        Path stateFile = stateDir.resolve("stack.json");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(stateFile) || !cli.isAlive());
        assertTrue(cli.isAlive(), () -> "the CLI exited: " + output());

        StackState state = StackState.read(stateFile);
        assertEquals(cli.pid(), state.pid());
        assertEquals(StackConfig.SERVICE_DATABASES, List.copyOf(state.databases().keySet()));
        List<Integer> ports = List.of(port("kafka://" + state.kafkaBootstrap()),
                port(state.databases().get("campaign").reactiveUrl()), state.smtpPort(), port(state.mailApiUrl()),
                port(state.sesEndpoint()));
        assertTrue(ports.stream().allMatch(StackMainTest::accepts), "every port answers: " + ports);
        List<ProcessHandle> children = new ArrayList<>(cli.descendants().toList());
        assertFalse(children.isEmpty());

        cli.destroy(); // SIGTERM

        assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI stops on SIGTERM");
        assertEquals(143, cli.exitValue());
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), () -> "left behind: " + child.info());
        }
        for (int port : ports) {
            assertFalse(accepts(port), "port " + port + " still answers");
        }
        assertFalse(Files.exists(stateFile), "stack.json describes a stack that is gone");
    }

    @Test
    void takenPortExitsNonZeroWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            int port = taken.getLocalPort();
            Process cli = cli("stack", "--kafka-port", "0", "--postgres-port", String.valueOf(port),
                    "--state-dir", stateDir.toString());

            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(StackMain.EXIT_FAILED, cli.exitValue());
            assertEquals("mailroom stack: port " + port + " is taken: pass --postgres-port or stop the other process\n",
                    output());
        }
    }

    @Test
    void unknownOptionExitsWithUsage() throws Exception {
        Process cli = cli("stack", "--kafka", "9092");

        assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
        assertEquals(StackMain.EXIT_USAGE, cli.exitValue());
        assertTrue(output().startsWith("mailroom stack: unknown option --kafka\nusage: stack [--kafka-port N]"));
    }

    private Process cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), StackMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(stateDir.resolve("cli.out").toFile())
                .start();
    }

    private String output() {
        try {
            return Files.readString(stateDir.resolve("cli.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
