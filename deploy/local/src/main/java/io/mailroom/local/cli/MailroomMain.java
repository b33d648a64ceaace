package io.mailroom.local.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.StackException;
import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.MailroomSuite;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.SuiteConfig;

/** {@code ./mailroom stack | up | demo [--keep]}: the embedded stack, the whole suite, or the guided demo. */
public final class MailroomMain {
    private static final int DEMO_SUBSCRIBERS = 10_000;
    private static final int DEMO_BLOCKLISTED = 2_000;

    private MailroomMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "" : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        switch (command) {
            case "stack" -> StackMain.main(args);
            case "up" -> up(rest);
            case "demo" -> demo(rest);
            default -> {
                System.err.println("usage: mailroom stack [options] | up [options] | demo [--keep] [options]\n"
                        + "options: " + SuiteOptions.USAGE);
                System.exit(StackMain.EXIT_USAGE);
            }
        }
    }

    private static MailroomSuite startSuite(SuiteOptions options) {
        StackMain.quietLogging();
        long started = System.nanoTime();
        SuiteConfig config = SuiteConfig.defaults(options.stack().config(),
                options.stack().stateFile().toAbsolutePath().getParent(), true);
        config.ports().putAll(options.servicePorts());
        MailroomSuite suite = MailroomSuite.start(config);
        System.out.printf("Mailroom is up in %.1f s (state: %s, service logs: %s, stack logs: %s)%n",
                (System.nanoTime() - started) / 1e9, suite.stateFile(), suite.stateFile().resolveSibling("logs"),
                suite.stack().workDir());
        for (Service s : Service.values()) {
            System.out.printf("  %-20s %s   (health %s/q/health/ready)%n", s.module(), suite.baseUrl(s),
                    suite.baseUrl(s));
        }
        System.out.printf("  API token            %s   (Authorization: Bearer <token>, role admin)%n",
                suite.adminToken());
        System.out.printf("  Received mail        %s/messages   (SMTP %s:%d)%n", suite.stack().mailApiUrl(),
                suite.stack().smtpHost(), suite.stack().smtpPort());
        System.out.printf("  Kafka                %s%n", suite.stack().kafkaBootstrap());
        if (suite.stack().sesEndpoint() != null) {
            System.out.printf("  SES (moto)           %s%n", suite.stack().sesEndpoint());
        }
        return suite;
    }

    private static void up(List<String> args) throws InterruptedException {
        try {
            startSuite(SuiteOptions.parse(args));
        } catch (StackException | IllegalArgumentException e) {
            System.err.println("mailroom up: " + e.getMessage());
            System.exit(StackMain.EXIT_FAILED);
        }
        System.out.println("Ctrl-C stops everything.");
        Thread.currentThread().join();
    }

    private static void demo(List<String> args) throws InterruptedException {
        MailroomSuite suite;
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
            suite = startSuite(options);
        } catch (StackException | IllegalArgumentException e) {
            System.err.println("mailroom demo: " + e.getMessage());
            System.exit(StackMain.EXIT_FAILED);
            return;
        }
        int exit;
        try {
            exit = runDemo(new Operator(new ApiClient(suite)), suite) ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("mailroom demo failed: " + e.getMessage());
            exit = 1;
        }
        if (options.keep()) {
            System.out.println("--keep: the suite stays up; Ctrl-C stops everything.");
            Thread.currentThread().join();
        }
        suite.close();
        System.exit(exit);
    }

    private static boolean runDemo(Operator op, MailroomSuite suite) {
        long list = op.createList("Demo newsletter");
        System.out.printf("Created list %d; importing %d subscribers (CSV)...%n", list, DEMO_SUBSCRIBERS);
        op.importSubscribers(list, "reader", DEMO_SUBSCRIBERS, DEMO_BLOCKLISTED, Duration.ofMinutes(5));
        long bulk = op.blocklistDomain(list, "other.example");
        System.out.printf("Bulk action %d blocklisted the %d members at other.example%n", bulk, DEMO_BLOCKLISTED);
        long campaign = op.createCampaign(list, "Demo campaign");
        JsonNode preflight = op.preflight(campaign, DEMO_SUBSCRIBERS, Duration.ofMinutes(5));
        JsonNode audience = preflight.get("audience");
        System.out.printf("Preflight: total=%d sendable=%d blocklisted=%d unsubscribed=%d bounced=%d unconfirmed=%d"
                + " estimate=%ds%n", audience.get("total").asLong(), audience.get("sendable").asLong(),
                audience.get("blocklisted").asLong(), audience.get("unsubscribed").asLong(),
                audience.get("bounced").asLong(), audience.get("unconfirmed").asLong(),
                preflight.get("estimateSeconds").asLong());
        List<String> blocking = StreamSupport.stream(preflight.get("warnings").spliterator(), false)
                .filter(w -> w.get("blocking").asBoolean())
                .peek(w -> System.out.println("  warning " + w.get("code").asText() + ": " + w.get("message").asText()))
                .map(w -> w.get("code").asText()).toList();
        System.out.println("Starting campaign " + campaign + (blocking.isEmpty() ? "" : ", acknowledging " + blocking));
        op.start(campaign, blocking);
        long[] lastPrint = {0};
        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(15), c -> {
            if (System.nanoTime() - lastPrint[0] > 1_000_000_000L) {
                lastPrint[0] = System.nanoTime();
                System.out.println("  " + Operator.progressLine(c));
            }
        });
        System.out.println("  " + Operator.progressLine(end));
        JsonNode counts = end.get("counts");
        long total = counts.get("total").asLong();
        boolean exact = total == counts.get("sent").asLong() + counts.get("skipped").asLong()
                + counts.get("failed").asLong();
        System.out.printf("Skipped by reason: %s; the SMTP server received %d mails%n", end.get("skippedByReason"),
                suite.stack().inbox().count());
        System.out.println(Operator.resultLine(end));
        return exact && "finished".equals(end.get("status").asText());
    }
}
