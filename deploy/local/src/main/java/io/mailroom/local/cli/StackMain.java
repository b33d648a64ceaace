package io.mailroom.local.cli;

import io.mailroom.local.EmbeddedStack;
import io.mailroom.local.StackException;
import io.mailroom.local.StackState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Command line: {@code stack [options]} runs the embedded stack until SIGINT/SIGTERM. */
public final class StackMain {
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** Held so that the level set in {@link #quietLogging()} is not lost when the logger is collected. */
    private static final Logger STACK_LOGGER = Logger.getLogger("io.mailroom.local");

    private StackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLogging();
        if (args.length == 0 || !args[0].equals("stack")) {
            System.err.println("usage: stack " + StackOptions.USAGE);
            System.exit(EXIT_USAGE);
        }
        StackOptions options;
        try {
            options = StackOptions.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("mailroom stack: " + e.getMessage() + "\nusage: stack " + StackOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        try {
            long started = System.nanoTime();
            EmbeddedStack stack = startRecorded(options);
            printSummary(System.out, StackState.of(stack), options.stateFile(), System.nanoTime() - started);
        } catch (StackException | UncheckedIOException e) {
            System.err.println("mailroom stack: " + e.getMessage());
            System.exit(EXIT_FAILED);
        }
        // The stack's shutdown hook stops everything on SIGINT/SIGTERM.
        Thread.currentThread().join();
    }

    /**
     * Starts the stack and writes its {@link StackState} to the options' state file, which is deleted again when
     * the JVM exits.
     */
    public static EmbeddedStack startRecorded(StackOptions options) {
        EmbeddedStack stack = EmbeddedStack.start(options.config());
        Path stateFile = options.stateFile().toAbsolutePath();
        StackState.of(stack).write(stateFile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + stateFile, e);
            }
        }, "mailroom-state-file"));
        return stack;
    }

    /** The summary printed here says what matters; the components' own INFO logs would bury it. */
    static void quietLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        STACK_LOGGER.setLevel(Level.WARNING);
    }

    static void printSummary(PrintStream out, StackState state, Path stateFile, long elapsedNanos) {
        out.printf("Mailroom stack up in %.1f s; state in %s, logs in %s%n", elapsedNanos / 1e9, stateFile,
                state.workDir());
        out.printf("  Kafka       %s%n", state.kafkaBootstrap());
        String urls = state.databases().values().stream().map(StackState.Database::jdbcUrl)
                .collect(Collectors.joining(" "));
        out.printf("  PostgreSQL  %s  user %s  password %s%n", urls, state.dbUser(), state.dbPassword());
        out.printf("  SMTP        %s:%d%n", state.smtpHost(), state.smtpPort());
        out.printf("  Mail API    %s/messages%n", state.mailApiUrl());
        if (state.sesEndpoint() != null) {
            out.printf("  SES (moto)  %s%n", state.sesEndpoint());
        }
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}
