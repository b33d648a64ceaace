package io.mailroom.dispatch.retry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.mailroom.events.Topics;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure the delayed-retry topics of {@code mailroom.sends} exist with as many partitions as the sends topic:
 * SmallRye's delayed-retry strategy writes a retried record to the same partition number it came from.
 * (They are not in {@code Topics.ALL} yet; once they are, {@code mailroom.dispatch.create-retry-topics=false}.)
 */
@ApplicationScoped
public class RetryTopics {
    private static final Logger LOG = Logger.getLogger(RetryTopics.class);

    @ConfigProperty(name = "mp.messaging.incoming.sends.delayed-retry-topic.topics")
    List<String> retryTopics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mailroom.dispatch.create-retry-topics", defaultValue = "true")
    boolean create;

    void ensure(@Observes @Priority(1) StartupEvent event) throws InterruptedException {
        if (!create) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(Topics.SENDS)).allTopicNames().get()
                    .get(Topics.SENDS).partitions().size();
            for (String topic : retryTopics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get();
                    LOG.infof("created retry topic %s with %d partitions", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create retry topic " + topic, e.getCause());
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + Topics.SENDS, e.getCause());
        }
    }
}
