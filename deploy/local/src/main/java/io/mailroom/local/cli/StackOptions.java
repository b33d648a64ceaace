package io.mailroom.local.cli;

import io.mailroom.local.StackConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The options shared by the stack commands: ports and the state directory.
 *
 * @param stateDir where {@code stack.json} is written
 */
public record StackOptions(StackConfig config, Path stateDir) {
    public static final String USAGE = "[--kafka-port N] [--postgres-port N] [--smtp-port N] [--mail-api-port N]"
            + " [--ses-port N] [--state-dir DIR]   (a port of 0 picks a free one)";

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_POSTGRES_PORT = 5432;
    public static final int DEFAULT_SMTP_PORT = 2525;
    public static final int DEFAULT_MAIL_API_PORT = 8025;
    public static final int DEFAULT_SES_PORT = 4566;

    public Path stateFile() {
        return stateDir.resolve("stack.json");
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a one-line message when they are wrong. */
    public static StackOptions parse(List<String> args) {
        StackConfig.Builder config = StackConfig.builder()
                .kafkaPort(DEFAULT_KAFKA_PORT)
                .postgresPort(DEFAULT_POSTGRES_PORT)
                .smtpPort(DEFAULT_SMTP_PORT)
                .mailApiPort(DEFAULT_MAIL_API_PORT)
                .sesPort(DEFAULT_SES_PORT);
        Path stateDir = Path.of(".mailroom");
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(i + 1);
            switch (option) {
                case "--kafka-port" -> config.kafkaPort(port(option, value));
                case "--postgres-port" -> config.postgresPort(port(option, value));
                case "--smtp-port" -> config.smtpPort(port(option, value));
                case "--mail-api-port" -> config.mailApiPort(port(option, value));
                case "--ses-port" -> config.sesPort(port(option, value));
                case "--state-dir" -> stateDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new StackOptions(config.build(), stateDir);
    }

    static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name
        }
        throw new IllegalArgumentException(option + " needs a port number (0..65535), got '" + value + "'");
    }
}
