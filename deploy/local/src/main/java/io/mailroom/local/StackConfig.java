package io.mailroom.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** What {@link EmbeddedStack#start(StackConfig)} starts and where; a port of 0 means "pick a free loopback port". */
public final class StackConfig {
    /** The databases of the four services, one each, named after the service. */
    public static final List<String> SERVICE_DATABASES = List.of("subscriber", "campaign", "dispatch", "feedback");

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path workDir;
    private final int kafkaPort;
    private final int postgresPort;
    private final int smtpPort;
    private final int mailApiPort;
    private final int sesPort;
    private final List<String> databases;
    private final boolean withSes;

    private StackConfig(Builder b) {
        this.workDir = b.workDir;
        this.kafkaPort = b.kafkaPort;
        this.postgresPort = b.postgresPort;
        this.smtpPort = b.smtpPort;
        this.mailApiPort = b.mailApiPort;
        this.sesPort = b.sesPort;
        this.databases = b.databases;
        this.withSes = b.withSes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured work directory, or null when the stack should create a fresh one under /tmp. */
    public Path workDir() {
        return workDir;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int postgresPort() {
        return postgresPort;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int mailApiPort() {
        return mailApiPort;
    }

    public int sesPort() {
        return sesPort;
    }

    public List<String> databases() {
        return databases;
    }

    public boolean withSes() {
        return withSes;
    }

    /** Builds a {@link StackConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private Path workDir;
        private int kafkaPort;
        private int postgresPort;
        private int smtpPort;
        private int mailApiPort;
        private int sesPort;
        private List<String> databases = SERVICE_DATABASES;
        private boolean withSes = true;

        private Builder() {
        }

        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "workDir");
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = checkPort(port, "kafkaPort");
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = checkPort(port, "postgresPort");
            return this;
        }

        public Builder smtpPort(int port) {
            this.smtpPort = checkPort(port, "smtpPort");
            return this;
        }

        public Builder mailApiPort(int port) {
            this.mailApiPort = checkPort(port, "mailApiPort");
            return this;
        }

        public Builder sesPort(int port) {
            this.sesPort = checkPort(port, "sesPort");
            return this;
        }

        public Builder databases(List<String> names) {
            for (String name : names) {
                if (!DATABASE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("database name '" + name + "' must match " + DATABASE_NAME);
                }
            }
            this.databases = List.copyOf(names);
            return this;
        }

        public Builder withSes(boolean enabled) {
            this.withSes = enabled;
            return this;
        }

        public StackConfig build() {
            return new StackConfig(this);
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0 (any free port) or 1..65535, was " + port);
            }
            return port;
        }
    }
}
