package io.mailroom.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The broker classpath written at build time: complete, and with exactly one SLF4J provider. */
class KafkaClasspathTest {

    @Test
    void brokerClasspathHoldsKafkaItsSharedJarsAndOneSlf4jProvider() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String resource : List.of("mailroom/kafka.classpath", "mailroom/kafka-shared.classpath")) {
            for (String entry : read(resource).split(java.io.File.pathSeparator)) {
                jars.add(Path.of(entry));
            }
        }
        assertTrue(jars.stream().allMatch(Files::isRegularFile), "every entry exists: " + jars);
        List<String> names = jars.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("kafka_2.13-")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("kafka-clients-")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("jackson-databind-")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("quarkus-")), names.toString());

        int providers = 0;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null) {
                    providers++;
                }
            }
        }
        assertEquals(1, providers, "SLF4J providers on the broker classpath");
    }

    @Test
    void launcherClassIsPackagedAsAResource() {
        assertNotNull(getClass().getClassLoader().getResource("io/mailroom/local/broker/BrokerLauncher.class"));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = KafkaClasspathTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
