package io.mailroom.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topics and consumer groups a service uses, from its effective mp.messaging config and its outbox code;
 * {@code concurrencyByTopic} holds the channels tuned for parallel consumption (an explicit {@code concurrency}).
 */
record Messaging(List<Use> uses, Map<String, Integer> concurrencyByTopic) {
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topics?");
    private static final Pattern OUTGOING = Pattern.compile("mp\\.messaging\\.outgoing\\.([^.]+)\\.topic");

    /** A topic read or written, or a group joined, and the config or code that says so. */
    record Use(Kind kind, String name, String source) {
    }

    /** What a use needs from Kafka. */
    enum Kind { READ_TOPIC, WRITE_TOPIC, GROUP }

    static Messaging of(Map<String, String> config, SourceScan scan, String applicationName) {
        List<Use> uses = new ArrayList<>();
        Map<String, Integer> concurrency = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            Matcher in = INCOMING.matcher(key);
            if (in.matches()) {
                String channel = "mp.messaging.incoming." + in.group(1) + ".";
                for (String topic : list(value)) {
                    uses.add(new Use(Kind.READ_TOPIC, topic, key));
                    if (config.containsKey(channel + "concurrency")) {
                        concurrency.put(topic, Integer.parseInt(config.get(channel + "concurrency")));
                    }
                }
                String groupKey = channel + "group.id";
                uses.add(new Use(Kind.GROUP, config.getOrDefault(groupKey, applicationName), groupKey));
                incomingFailureTopics(config, channel, uses);
            }
            Matcher out = OUTGOING.matcher(key);
            if (out.matches()) {
                uses.add(new Use(Kind.WRITE_TOPIC, value, key));
            }
        });
        scan.produced.forEach((topic, where) -> uses.add(new Use(Kind.WRITE_TOPIC, topic, where)));
        return new Messaging(List.copyOf(uses), concurrency);
    }

    private static void incomingFailureTopics(Map<String, String> config, String channel, List<Use> uses) {
        String dlq = channel + "dead-letter-queue.topic";
        if (config.containsKey(dlq)) {
            uses.add(new Use(Kind.WRITE_TOPIC, config.get(dlq), dlq));
        } else if ("dead-letter-queue".equals(config.get(channel + "failure-strategy"))) {
            // SmallRye's default dead-letter topic name
            String name = channel.substring("mp.messaging.incoming.".length(), channel.length() - 1);
            uses.add(new Use(Kind.WRITE_TOPIC, "dead-letter-topic-" + name, channel + "failure-strategy"));
        }
        String retries = channel + "delayed-retry-topic.topics";
        if (config.containsKey(retries)) {
            for (String topic : list(config.get(retries))) {
                uses.add(new Use(Kind.READ_TOPIC, topic, retries));
                uses.add(new Use(Kind.WRITE_TOPIC, topic, retries));
            }
            String group = channel + "delayed-retry-topic.consumer.group.id";
            if (config.containsKey(group)) {
                uses.add(new Use(Kind.GROUP, config.get(group), group));
            }
        }
    }

    List<Use> of(Kind kind) {
        return uses.stream().filter(u -> u.kind() == kind).toList();
    }

    private static List<String> list(String value) {
        return List.of(value.trim().split("\\s*,\\s*"));
    }
}
