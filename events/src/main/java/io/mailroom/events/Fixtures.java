package io.mailroom.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Sample events shipped with the contracts; consumers' tests decode these to stay honest about the wire format. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The raw JSON of {@code /fixtures/<name>.json}. */
    public static String json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
