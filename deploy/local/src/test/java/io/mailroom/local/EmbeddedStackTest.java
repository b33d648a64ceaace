package io.mailroom.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mailroom.events.Topics;
import io.mailroom.local.fault.SesFaultProxy;
import io.mailroom.local.quarkus.MailroomStackResource;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/** One stack, obtained the way a service's Quarkus test obtains it, exercised component by component, then closed. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedStackTest {
    private static final HttpClient HTTP = LocalHttp.client(Duration.ofSeconds(5));

    private static MailroomStackResource resource;
    private static Map<String, String> campaignConfig;
    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        resource = new MailroomStackResource();
        resource.init(Map.of(MailroomStackResource.SERVICE, "campaign"));
        campaignConfig = resource.start();
        stack = MailroomStackResource.stack();
    }

    @AfterAll
    static void stopStack() {
        resource.stop();
    }

    @Test
    @Order(1)
    void testResourceReturnsTheServiceConfiguration() {
        assertEquals(stack.jdbcUrl("campaign"), campaignConfig.get("quarkus.datasource.jdbc.url"));
        assertEquals(stack.reactiveUrl("campaign"), campaignConfig.get("quarkus.datasource.reactive.url"));
        assertTrue(campaignConfig.get("quarkus.datasource.reactive.url").startsWith("postgresql://127.0.0.1:"));
        assertEquals("mailroom", campaignConfig.get("quarkus.datasource.username"));
        assertEquals(stack.dbPassword(), campaignConfig.get("quarkus.datasource.password"));
        assertEquals(stack.kafkaBootstrap(), campaignConfig.get("kafka.bootstrap.servers"));
        assertEquals("127.0.0.1", campaignConfig.get("mailroom.smtp.host"));
        assertEquals(String.valueOf(stack.smtpPort()), campaignConfig.get("mailroom.smtp.port"));
        assertEquals(stack.sesEndpoint(), campaignConfig.get("mailroom.ses.endpoint"));
        assertEquals(stack.mailApiUrl(), campaignConfig.get("mailroom.mail-api.url"));
        assertEquals(stack.workDir().toString(), campaignConfig.get(MailroomStackResource.WORK_DIR_KEY));

        MailroomStackResource second = new MailroomStackResource();
        second.init(Map.of(MailroomStackResource.SERVICE, "dispatch"));
        Map<String, String> dispatchConfig = second.start();
        assertSame(stack, MailroomStackResource.stack(), "a second test resource shares the stack");
        assertTrue(dispatchConfig.get("quarkus.datasource.jdbc.url").endsWith("/dispatch"));
        second.stop();
        assertEquals(stack.kafkaBootstrap(), MailroomStackResource.stack().kafkaBootstrap(),
                "the stack outlives a resource while another one still uses it");
        assertThrows(IllegalArgumentException.class, () -> stack.serviceConfig("billing"));
    }

    @Test
    @Order(2)
    void everyTopicExistsWithItsPartitionsAndCleanupPolicy() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = Topics.ALL.stream().map(Topics.TopicSpec::name).collect(Collectors.toSet());
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (Topics.TopicSpec spec : Topics.ALL) {
                assertEquals(spec.partitions(), topics.get(spec.name()).partitions().size(), spec.name());
                String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                assertEquals(spec.compacted() ? "compact" : "delete", policy, spec.name());
            }
            assertEquals(12, topics.get(Topics.SENDS).partitions().size());
        }
    }

    @Test
    @Order(3)
    void producesAndConsumesOnTheSendsTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        produce(Topics.SENDS, key, "hello");
        assertTrue(consumeAll(Topics.SENDS).contains(key + "=hello"));
    }

    @Test
    @Order(4)
    void everyDatabaseAnswersAQuery() throws Exception {
        for (String db : StackConfig.SERVICE_DATABASES) {
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(db), stack.dbUser(), stack.dbPassword());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select current_database(), current_user")) {
                assertTrue(rs.next());
                assertEquals(db, rs.getString(1));
                assertEquals("mailroom", rs.getString(2));
            }
        }
    }

    @Test
    @Order(5)
    void mailSentOverSmtpIsReadBackOverHttp() throws Exception {
        assertEquals(204, http("DELETE", "/messages").statusCode());
        Properties props = new Properties();
        props.put("mail.smtp.host", stack.smtpHost());
        props.put("mail.smtp.port", String.valueOf(stack.smtpPort()));
        MimeMessage mail = new MimeMessage(Session.getInstance(props));
        mail.setFrom(new InternetAddress("news@mailroom.test", "Mailroom News"));
        mail.setRecipients(Message.RecipientType.TO, "ada@example.com");
        mail.setSubject("Spring issue");
        mail.setText("Hello Ada");
        mail.setHeader("List-Unsubscribe", "<https://mailroom.test/u/abc>");
        mail.setHeader("X-Mailroom-Key", "c1:s1:0");
        Transport.send(mail);

        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 1);
        List<ReceivedMail> received = Json.MAPPER.readValue(http("GET", "/messages").body(),
                new TypeReference<List<ReceivedMail>>() { });
        assertEquals(1, received.size());
        ReceivedMail got = received.get(0);
        assertEquals(List.of("ada@example.com"), got.to());
        assertEquals("news@mailroom.test", got.from());
        assertEquals("Spring issue", got.subject());
        assertNotNull(got.messageId());
        assertNotNull(got.receivedAt());
        assertEquals("<https://mailroom.test/u/abc>", got.headers().get("List-Unsubscribe"));
        assertEquals("c1:s1:0", got.headers().get("X-Mailroom-Key"));
        assertEquals("c1:s1:0", stack.inbox().messages().get(0).headers().get("x-mailroom-key"),
                "header names are case-insensitive in Java");

        MimeMessage twoRecipients = new MimeMessage(Session.getInstance(props));
        twoRecipients.setFrom("news@mailroom.test");
        twoRecipients.setRecipients(Message.RecipientType.TO, "bob@example.com, eve@example.com");
        twoRecipients.setSubject("Both");
        twoRecipients.setText("Hello both");
        Transport.send(twoRecipients);
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 2);
        assertEquals(List.of("bob@example.com", "eve@example.com"), stack.inbox().messages().get(1).to(),
                "one message per SMTP transaction, with every envelope recipient");

        assertEquals(404, http("GET", "/messages/1").statusCode());
        assertEquals(405, http("POST", "/count").statusCode());
        assertEquals(204, http("DELETE", "/messages").statusCode());
        assertEquals(0, count());
        assertEquals(0, stack.inbox().count());
    }

    @Test
    @Order(6)
    void sesSendsFromAVerifiedIdentityOnly() {
        try (SesV2Client ses = SesPeer.client(stack.sesEndpoint())) {
            assertThrows(MessageRejectedException.class, () -> send(ses, "news@unverified.test"));
            stack.verifySesIdentity("mailroom.test");
            SendEmailResponse sent = send(ses, "news@mailroom.test");
            assertNotNull(sent.messageId());
        }
    }

    @Test
    @Order(6)
    void sesFaultProxyThrottlesAndPlaysTheAccountsQuota() {
        stack.verifySesIdentity("mailroom.test");
        try (SesFaultProxy proxy = SesFaultProxy.start(0, stack.sesEndpoint());
                SesV2Client ses = SesPeer.client(proxy.endpoint())) {
            proxy.throttleEvery(3);
            for (int i = 0; i < 6; i++) {
                send(ses, "news@mailroom.test");
            }
            // the SDK retries a 429 by itself: every mail gets through, two calls were refused on the way
            assertEquals(2, proxy.throttled());
            assertEquals(6, proxy.acceptedRecipients().size());
            assertEquals(8, proxy.sendCalls());

            proxy.throttleEvery(0).quota(2, 5.0);
            send(ses, "news@mailroom.test");
            send(ses, "news@mailroom.test");
            assertThrows(LimitExceededException.class, () -> send(ses, "news@mailroom.test"));
            GetAccountResponse account = ses.getAccount(r -> { });
            assertEquals(2.0, account.sendQuota().max24HourSend());
            assertEquals(2.0, account.sendQuota().sentLast24Hours());
            assertEquals(5.0, account.sendQuota().maxSendRate());
            proxy.newQuotaWindow();
            send(ses, "news@mailroom.test");

            proxy.sendingPaused(true);
            assertThrows(SendingPausedException.class, () -> send(ses, "news@mailroom.test"));
            assertEquals(false, ses.getAccount(r -> { }).sendingEnabled());
            assertEquals(9, proxy.acceptedRecipients().size(), "refused mails are not recorded as accepted");
        }
    }

    @Test
    @Order(7)
    void restartKafkaKeepsThePortTheTopicsAndTheRecords() throws Exception {
        String bootstrap = stack.kafkaBootstrap();
        String key = UUID.randomUUID().toString();
        produce(Topics.OUTCOMES, key, "before");

        stack.restartKafka();

        assertEquals(bootstrap, stack.kafkaBootstrap());
        try (Admin admin = admin()) {
            assertEquals(12, admin.describeTopics(List.of(Topics.SENDS)).allTopicNames().get()
                    .get(Topics.SENDS).partitions().size());
        }
        produce(Topics.OUTCOMES, key, "after");
        List<String> records = consumeAll(Topics.OUTCOMES);
        assertTrue(records.contains(key + "=before"), "the record written before the restart survives");
        assertTrue(records.contains(key + "=after"));
    }

    @Test
    @Order(8)
    void restartPostgresKeepsTheData() throws Exception {
        try (Connection c = connect("feedback"); Statement s = c.createStatement()) {
            s.execute("create table restart_probe (v text)");
            s.execute("insert into restart_probe values ('kept')");
        }
        stack.restartPostgres();
        try (Connection c = connect("feedback"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select v from restart_probe")) {
            assertTrue(rs.next());
            assertEquals("kept", rs.getString(1));
        }
    }

    @Test
    @Order(9)
    void closeStopsEveryProcessAndFreesEveryPort() {
        List<Integer> ports = new ArrayList<>(List.of(port(stack.kafkaBootstrap()), port(stack.jdbcUrl("campaign")),
                stack.smtpPort(), port(stack.mailApiUrl()), port(stack.sesEndpoint())));
        assertTrue(ports.stream().allMatch(Ports::accepts), "everything answers before close: " + ports);
        assertFalse(ProcessHandle.current().descendants().toList().isEmpty());

        resource.stop();
        stack.close(); // idempotent

        assertEquals(List.of(), ProcessHandle.current().descendants().toList());
        for (int port : ports) {
            assertFalse(Ports.accepts(port), "port " + port + " still answers");
        }
    }

    private static SendEmailResponse send(SesV2Client ses, String from) {
        return ses.sendEmail(r -> r.fromEmailAddress(from)
                .destination(d -> d.toAddresses("ada@example.com"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Hi")).body(b -> b.text(t -> t.data("Hello"))))));
    }

    private static Connection connect(String db) throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(db), stack.dbUser(), stack.dbPassword());
    }

    private static int count() throws Exception {
        return Json.MAPPER.readTree(http("GET", "/count").body()).get("count").asInt();
    }

    private static HttpResponse<String> http(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.mailApiUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int port(String url) {
        return URI.create(url.startsWith("jdbc:") ? url.substring(5) : url.contains("://") ? url : "kafka://" + url)
                .getPort();
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()));
    }

    private static void produce(String topic, String key, String value) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every record of {@code topic} as key=value, read by a new consumer group from the beginning. */
    private static List<String> consumeAll(String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r.key() + "=" + r.value());
                }
                return !consumer.assignment().isEmpty() && records.size() == consumer.endOffsets(consumer.assignment())
                        .values().stream().mapToLong(Long::longValue).sum();
            });
        }
        return records;
    }
}
