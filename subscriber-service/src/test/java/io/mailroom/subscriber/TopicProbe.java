package io.mailroom.subscriber;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic from the beginning with a plain KafkaConsumer (no group) and keeps every record by key. */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<ConsumerRecord<String, String>>> byKey = new HashMap<>();

    public TopicProbe(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record with this key so far, oldest first. */
    public List<ConsumerRecord<String, String>> records(Object key) {
        return byKey.getOrDefault(String.valueOf(key), List.of());
    }

    /** Polls until the latest record of {@code key} satisfies the condition; returns its value. */
    public String awaitLatest(Object key, Predicate<String> condition) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            List<ConsumerRecord<String, String>> records = records(key);
            if (records.isEmpty()) {
                return false;
            }
            found[0] = records.get(records.size() - 1).value();
            return condition.test(found[0]);
        });
        return found[0];
    }

    /** Polls until the condition holds over everything read. */
    public void awaitUntil(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return condition.getAsBoolean();
        });
    }

    public void poll() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
