package io.mailroom.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A port that something else holds makes start fail at once, naming the port and the option to change. */
class PortTakenTest {

    static Stream<Arguments> ports() {
        return Stream.of(
                Arguments.of("--kafka-port", (BiFunction<StackConfig.Builder, Integer, StackConfig.Builder>)
                        StackConfig.Builder::kafkaPort),
                Arguments.of("--postgres-port", (BiFunction<StackConfig.Builder, Integer, StackConfig.Builder>)
                        StackConfig.Builder::postgresPort),
                Arguments.of("--smtp-port", (BiFunction<StackConfig.Builder, Integer, StackConfig.Builder>)
                        StackConfig.Builder::smtpPort),
                Arguments.of("--mail-api-port", (BiFunction<StackConfig.Builder, Integer, StackConfig.Builder>)
                        StackConfig.Builder::mailApiPort),
                Arguments.of("--ses-port", (BiFunction<StackConfig.Builder, Integer, StackConfig.Builder>)
                        StackConfig.Builder::sesPort));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void takenPortFailsWithItsNumberAndOption(String option,
            BiFunction<StackConfig.Builder, Integer, StackConfig.Builder> setPort) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, Ports.LOOPBACK)) {
            int port = taken.getLocalPort();
            StackConfig config = setPort.apply(StackConfig.builder(), port).build();

            StackException e = assertThrows(StackException.class, () -> EmbeddedStack.start(config));

            assertEquals("port " + port + " is taken: pass " + option + " or stop the other process", e.getMessage());
            assertEquals(List.of(), ProcessHandle.current().descendants().toList(), "nothing was started");
        }
    }
}
