package io.mailroom.events;

import java.util.List;

/** Kafka topic names, partition counts and cleanup policies shared by every service. */
public final class Topics {
    public static final String SUBSCRIBERS = "mailroom.subscribers";
    public static final String SUBSCRIBERS_DLQ = "mailroom.subscribers.dlq";
    public static final String LIST_COMMANDS = "mailroom.list-commands";
    public static final String LIST_COMMANDS_DLQ = "mailroom.list-commands.dlq";
    public static final String CAMPAIGNS = "mailroom.campaigns";
    public static final String CAMPAIGNS_DLQ = "mailroom.campaigns.dlq";
    public static final String SENDS = "mailroom.sends";
    public static final String SENDS_DLQ = "mailroom.sends.dlq";
    /**
     * dispatch's delayed retries (SmallRye's delayed-retry-topic strategy reads the delay from the {@code _<ms>}
     * suffix); a retried record keeps its partition number, so each has as many partitions as the sends topic.
     */
    public static final List<String> SENDS_RETRIES = List.of("mailroom.sends.retry_5000", "mailroom.sends.retry_30000",
            "mailroom.sends.retry_120000", "mailroom.sends.retry_600000", "mailroom.sends.retry_1800000");
    public static final String OUTCOMES = "mailroom.outcomes";
    public static final String OUTCOMES_DLQ = "mailroom.outcomes.dlq";
    public static final String FEEDBACK = "mailroom.feedback";
    public static final String FEEDBACK_DLQ = "mailroom.feedback.dlq";

    /** A topic as the cluster must hold it. */
    public record TopicSpec(String name, int partitions, boolean compacted) {}

    /** Every topic the suite uses; the embedded stack and the k8s manifests create exactly these. */
    public static final List<TopicSpec> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            new TopicSpec(SUBSCRIBERS, 6, true),
            new TopicSpec(SUBSCRIBERS_DLQ, 1, false),
            new TopicSpec(LIST_COMMANDS, 6, false),
            new TopicSpec(LIST_COMMANDS_DLQ, 1, false),
            new TopicSpec(CAMPAIGNS, 3, true),
            new TopicSpec(CAMPAIGNS_DLQ, 1, false),
            new TopicSpec(SENDS, 12, false),
            new TopicSpec(SENDS_DLQ, 1, false),
            new TopicSpec(OUTCOMES, 6, false),
            new TopicSpec(OUTCOMES_DLQ, 1, false),
            new TopicSpec(FEEDBACK, 6, false),
            new TopicSpec(FEEDBACK_DLQ, 1, false)),
            SENDS_RETRIES.stream().map(name -> new TopicSpec(name, 12, false))).toList();

    private Topics() {
    }
}
