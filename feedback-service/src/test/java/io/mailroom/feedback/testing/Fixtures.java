package io.mailroom.feedback.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The SES notification fixtures under {@code src/test/resources/ses/}. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String ses(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ses/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no SES fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
