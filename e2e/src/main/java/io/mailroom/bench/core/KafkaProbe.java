package io.mailroom.bench.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic end offsets and consumer-group lag through the Kafka admin API (how fan-out and replicas are measured). */
public final class KafkaProbe implements AutoCloseable {
    private final Admin admin;
    private final Map<String, List<TopicPartition>> partitions = new HashMap<>();

    public KafkaProbe(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    /** The sum of the topic's end offsets (records ever written to it). */
    public long endOffsets(String topic) {
        return ends(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records of the topic that the group has not committed yet. */
    public long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : ends(topic).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("lag of " + group + " on " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the group has consumed everything on the topic. */
    public void awaitCaughtUp(String group, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = -1;
        while (System.nanoTime() < deadline) {
            lag = lag(group, topic);
            if (lag == 0) {
                return;
            }
            Sleep.millis(500);
        }
        throw new IllegalStateException(group + " still " + lag + " records behind on " + topic);
    }

    public void createTopic(String name, int partitionCount) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitionCount, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("create " + name + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<TopicPartition, Long> ends(String topic) {
        try {
            List<TopicPartition> tps = partitions.get(topic);
            if (tps == null) {
                tps = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                partitions.put(topic, tps);
            }
            Map<TopicPartition, OffsetSpec> spec = tps.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(spec).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("end offsets of " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
