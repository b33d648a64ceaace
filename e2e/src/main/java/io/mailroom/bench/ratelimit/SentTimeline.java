package io.mailroom.bench.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.events.Topics;
import io.mailroom.local.Json;

/** The send times of one campaign: {@code occurredAt} of its SENT outcomes on {@code mailroom.outcomes}. */
public final class SentTimeline implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;

    /** Positions at the topic's current end, so only what is sent from now on is read. */
    public SentTimeline(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> tps = consumer.partitionsFor(Topics.OUTCOMES).stream()
                .map(i -> new TopicPartition(Topics.OUTCOMES, i.partition())).toList();
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position);
    }

    /**
     * Reads until {@code count} SENT outcomes of the campaign arrived, or none arrived for {@code idle} after the
     * first one (sends lost on the way would otherwise stall it); returns their times in epoch ms, sorted.
     */
    public List<Long> await(long campaignId, int count, Duration idle, Duration timeout) throws Exception {
        List<Long> times = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastSeen = System.nanoTime();
        while (times.size() < count && System.nanoTime() < deadline
                && (times.isEmpty() || System.nanoTime() - lastSeen < idle.toNanos())) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                JsonNode o = Json.MAPPER.readTree(r.value());
                if (o.path("campaignId").asLong() == campaignId && "SENT".equals(o.path("result").asText())) {
                    times.add(Instant.parse(o.path("occurredAt").asText()).toEpochMilli());
                    lastSeen = System.nanoTime();
                }
            }
        }
        if (times.size() < 2) {
            throw new IllegalStateException("only " + times.size() + " of " + count + " SENT");
        }
        Collections.sort(times);
        return times;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
