package io.mailroom.dispatch.ratelimit;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.mailroom.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * This instance's share of {@code mailroom.sends}: assigned partitions / all partitions, followed through rebalances
 * of every consumer copy. Rates are multiplied by it so that the instances together never exceed a limit.
 */
@ApplicationScoped
@Identifier("sends-share")
public class PartitionShare implements KafkaConsumerRebalanceListener {
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile int total;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.stream().filter(p -> p.topic().equals(Topics.SENDS)).forEach(assigned::add);
        total = consumer.partitionsFor(Topics.SENDS).size();
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(assigned::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(assigned::remove);
    }

    public int assigned() {
        return assigned.size();
    }

    public int total() {
        return total;
    }

    public double fraction() {
        int all = total;
        return all == 0 ? 0 : (double) assigned.size() / all;
    }
}
