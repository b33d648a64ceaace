package io.mailroom.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running stack can be reached, as written to {@code stack.json} for the launcher and other tools.
 *
 * @param databases the JDBC and reactive URLs per database (one per service)
 * @param pid the process that runs the stack
 */
public record StackState(String kafkaBootstrap, Map<String, Database> databases, String dbUser, String dbPassword,
                         String smtpHost, int smtpPort, String mailApiUrl, String sesEndpoint, String workDir,
                         long pid) {

    /** How to reach one database. */
    public record Database(String jdbcUrl, String reactiveUrl) {
    }

    public static StackState of(EmbeddedStack stack) {
        Map<String, Database> databases = new LinkedHashMap<>();
        for (String db : stack.databases()) {
            databases.put(db, new Database(stack.jdbcUrl(db), stack.reactiveUrl(db)));
        }
        return new StackState(stack.kafkaBootstrap(), databases, stack.dbUser(), stack.dbPassword(),
                stack.smtpHost(), stack.smtpPort(), stack.mailApiUrl(), stack.sesEndpoint(),
                stack.workDir().toString(), ProcessHandle.current().pid());
    }

    /** Writes this state as JSON to {@code file}, atomically (a reader never sees half a file). */
    public void write(Path file) {
        Json.writeAtomically(file, this);
    }

    public static StackState read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), StackState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
