package io.mailroom.campaign.audience;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.mailroom.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** How many {@code mailroom.subscribers} records the audience replica has not applied yet (end offsets − committed). */
@ApplicationScoped
public class ReplicaLag {
    private static final Logger LOG = Logger.getLogger(ReplicaLag.class);
    private static final String GROUP = "campaign-audience";

    // the connector's own client configuration (bootstrap servers, security), so the admin client can reach an
    // authenticated cluster exactly as the consumers do
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;

    /** The lag, measured off the event loop (the admin calls block). */
    public Uni<Long> measure() {
        return Uni.createFrom().item(this::current).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The lag in records, or null when Kafka cannot tell right now. */
    public synchronized Long current() {
        try {
            if (admin == null) {
                Properties props = new Properties();
                kafkaConfig.forEach((k, v) -> {
                    if (AdminClientConfig.configNames().contains(k)) {
                        props.put(k, v);
                    }
                });
                props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
                admin = Admin.create(props);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(java.util.List.of(Topics.SUBSCRIBERS)).allTopicNames()
                    .get(3, TimeUnit.SECONDS).get(Topics.SUBSCRIBERS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.SUBSCRIBERS, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                    .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(3, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            LOG.debugf("replica lag unavailable: %s", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
