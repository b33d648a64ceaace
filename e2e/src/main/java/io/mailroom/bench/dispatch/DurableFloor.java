package io.mailroom.bench.dispatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailroom.bench.core.KafkaProbe;
import io.mailroom.bench.core.RawBaseline;
import io.mailroom.local.EmbeddedStack;

/**
 * The second baseline: the least durable work the architecture brief asks for each recipient, in one JVM with plain
 * JDBC and Kafka clients and no service code — fan-out writes the recipient row and publishes the send after its
 * commit; the send is claimed SENDING in a send log before the SMTP call (group-committed per poll), SENT with the
 * Message-ID and an outbox row after it, the outbox relayed to an outcomes topic, and the outcome folded into the
 * recipient row. It leaves out what Mailroom also does (suppression re-check, rendering, rate limits, retries, counts,
 * feedback's Message-ID map, offsets committed only behind settled sends), so it is an optimistic floor: the fastest
 * any implementation of the brief could be on this machine, and what "≥ 0.8 × the raw blast" would have to beat.
 */
public final class DurableFloor implements RawBaseline {
    private static final int FAN_OUT_PAGE = 5_000;
    private static final int FINISH_BATCH = 1_000;
    private static final long TIMEOUT_MINUTES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What fan-out publishes per recipient. */
    record Send(long subscriber, String email, String key) {}

    /** What the relay publishes per sent mail. */
    record Outcome(long subscriber, String key, String messageId) {}

    private final AtomicLong applied = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final BlockingQueue<Outcome> sent = new LinkedBlockingQueue<>();
    private final EmbeddedStack stack;
    private final KafkaProbe kafka;
    private final String smtpHost;
    private final int smtpPort;
    private final int concurrency;
    private final String sendsTopic;
    private final String outcomesTopic;
    private final List<Connection> connections = new ArrayList<>();
    private final Map<String, Connection> admins = new HashMap<>();
    private volatile boolean stopping;

    public DurableFloor(EmbeddedStack stack, KafkaProbe kafka, String smtpHost, int smtpPort, int concurrency) {
        this.stack = stack;
        this.kafka = kafka;
        this.smtpHost = smtpHost;
        this.smtpPort = smtpPort;
        this.concurrency = concurrency;
        String run = "bench.floor." + System.nanoTime();
        this.sendsTopic = run + ".sends";
        this.outcomesTopic = run + ".outcomes";
    }

    @Override
    public long done() {
        return applied.get();
    }

    /** Runs {@code n} recipients through the pipeline; returns recipients per second, first page to last outcome. */
    @Override
    public double send(int n) throws Exception {
        prepare(n);
        kafka.createTopic(sendsTopic, 12);
        kafka.createTopic(outcomesTopic, 6);
        try (SmtpBlaster blaster = new SmtpBlaster(smtpHost, smtpPort, concurrency)) {
            List<Thread> stages = List.of(stage("floor-fan-out", () -> fanOut(n)),
                    stage("floor-dispatch", () -> dispatch(blaster)), stage("floor-finish", this::finish),
                    stage("floor-outcomes", () -> applyOutcomes(n)));
            long t0 = System.nanoTime();
            stages.forEach(Thread::start);
            long deadline = t0 + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
            while (applied.get() < n && failure.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            stopping = true;
            for (Thread t : stages) {
                t.join(60_000);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("durable floor failed: " + failure.get(), failure.get());
            }
            if (applied.get() < n || blaster.failed() > 0) {
                throw new IllegalStateException("durable floor: " + applied.get() + " of " + n + " outcomes applied, "
                        + blaster.failed() + " mails failed");
            }
            verifyEveryRecipientSent(n);
            return n / secs;
        }
    }

    /** Drops the scratch tables and closes the connections (after the run's CPU, backends included, was measured). */
    @Override
    public void close() throws SQLException {
        try {
            dropTables();
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private Thread stage(String name, Stage body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                // an Error too: a stage that died silently would leave the run waiting for its timeout
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** A pipeline stage's body. */
    private interface Stage {
        void run() throws Exception;
    }

    /** Keyset pages of the audience: recipient rows inserted and committed, then their sends published and acked. */
    private void fanOut(int n) throws Exception {
        Connection db = connect("campaign");
        try (KafkaProducer<String, String> producer = producer();
                PreparedStatement page = db.prepareStatement("""
                        INSERT INTO bench_floor_recipient (subscriber, email, state)
                        SELECT id, email, 'QUEUED' FROM bench_floor_audience WHERE id > ? ORDER BY id LIMIT ?
                        RETURNING subscriber, email""");
                PreparedStatement checkpoint = db.prepareStatement("UPDATE bench_floor_checkpoint SET after = ?")) {
            db.setAutoCommit(false);
            long after = 0;
            while (after < n && !stopping) {
                page.setLong(1, after);
                page.setInt(2, FAN_OUT_PAGE);
                List<Send> sends = new ArrayList<>();
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        sends.add(new Send(id, rs.getString(2), "1:" + id + ":1"));
                    }
                }
                db.commit();
                if (sends.isEmpty()) {
                    throw new IllegalStateException("the audience ends after " + after + " of " + n + " recipients");
                }
                List<Future<RecordMetadata>> acks = new ArrayList<>(sends.size());
                for (Send s : sends) {
                    acks.add(producer.send(new ProducerRecord<>(sendsTopic, String.valueOf(s.subscriber()),
                            JSON.writeValueAsString(s))));
                    after = Math.max(after, s.subscriber());
                }
                producer.flush();
                for (var ack : acks) {
                    ack.get();
                }
                checkpoint.setLong(1, after);
                checkpoint.executeUpdate();
                db.commit();
            }
        }
    }

    /** Each poll of sends: one claim statement, then the owned sends into SMTP with {@code concurrency} in flight. */
    private void dispatch(SmtpBlaster blaster) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        Connection db = connect("dispatch");
        try (KafkaConsumer<String, String> consumer = consumer("dispatch");
                PreparedStatement claim = db.prepareStatement("""
                        INSERT INTO bench_floor_send_log (key, state) SELECT k, 'SENDING' FROM unnest(?::text[]) AS k
                        ON CONFLICT DO NOTHING RETURNING key""")) {
            db.setAutoCommit(false);
            consumer.subscribe(List.of(sendsTopic));
            while (!stopping) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                Map<String, Send> byKey = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    Send s = JSON.readValue(r.value(), Send.class);
                    byKey.put(s.key(), s);
                }
                claim.setArray(1, db.createArrayOf("text", byKey.keySet().toArray()));
                List<Send> owned = new ArrayList<>(byKey.size());
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        owned.add(byKey.get(rs.getString(1)));
                    }
                }
                db.commit();
                if (owned.size() < byKey.size()) {
                    // every key is published once and this is the group's only consumer: a key already claimed
                    // would be a recipient left without an outcome, so the run says so instead of timing out
                    throw new IllegalStateException((byKey.size() - owned.size()) + " sends were already claimed");
                }
                for (Send s : owned) {
                    inFlight.acquire();
                    blaster.send(BenchMail.of(s.email(), s.subscriber()), messageId -> {
                        if (messageId == null) {
                            failure.compareAndSet(null, new IllegalStateException("mail to " + s.email() + " failed"));
                        } else {
                            sent.add(new Outcome(s.subscriber(), s.key(), messageId));
                        }
                        inFlight.release();
                    });
                }
                consumer.commitAsync();
            }
        }
    }

    /** Group commit of sent mails: SENT and outbox rows in one transaction, relayed, then the outbox rows deleted. */
    private void finish() throws Exception {
        Connection db = connect("dispatch");
        try (KafkaProducer<String, String> producer = producer();
                PreparedStatement markSent = db.prepareStatement("""
                        UPDATE bench_floor_send_log l SET state = 'SENT', message_id = u.m
                        FROM unnest(?::text[], ?::text[]) AS u(k, m) WHERE l.key = u.k""");
                PreparedStatement outbox = db.prepareStatement("""
                        INSERT INTO bench_floor_outbox (payload) SELECT p FROM unnest(?::text[]) AS p RETURNING id""");
                PreparedStatement relayed = db.prepareStatement("DELETE FROM bench_floor_outbox WHERE id = ANY(?)")) {
            db.setAutoCommit(false);
            List<Outcome> batch = new ArrayList<>(FINISH_BATCH);
            while (!stopping) {
                Outcome first = sent.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                sent.drainTo(batch, FINISH_BATCH - 1);
                String[] keys = new String[batch.size()];
                String[] ids = new String[batch.size()];
                String[] payloads = new String[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    keys[i] = batch.get(i).key();
                    ids[i] = batch.get(i).messageId();
                    payloads[i] = JSON.writeValueAsString(batch.get(i));
                }
                markSent.setArray(1, db.createArrayOf("text", keys));
                markSent.setArray(2, db.createArrayOf("text", ids));
                markSent.executeUpdate();
                outbox.setArray(1, db.createArrayOf("text", payloads));
                List<Long> rows = new ArrayList<>(batch.size());
                try (ResultSet rs = outbox.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getLong(1));
                    }
                }
                db.commit();
                List<Future<RecordMetadata>> acks = new ArrayList<>(payloads.length);
                for (String p : payloads) {
                    acks.add(producer.send(new ProducerRecord<>(outcomesTopic, "1", p)));
                }
                producer.flush();
                for (var ack : acks) {
                    ack.get();
                }
                relayed.setArray(1, db.createArrayOf("bigint", rows.toArray()));
                relayed.executeUpdate();
                db.commit();
            }
        }
    }

    /** Each poll of outcomes: one UPDATE of the recipient rows still QUEUED. */
    private void applyOutcomes(int n) throws Exception {
        Connection db = connect("campaign");
        try (KafkaConsumer<String, String> consumer = consumer("campaign");
                PreparedStatement apply = db.prepareStatement("""
                        UPDATE bench_floor_recipient r SET state = 'SENT', message_id = u.m
                        FROM unnest(?::bigint[], ?::text[]) AS u(s, m)
                        WHERE r.subscriber = u.s AND r.state = 'QUEUED'""")) {
            db.setAutoCommit(false);
            consumer.subscribe(List.of(outcomesTopic));
            while (!stopping && applied.get() < n) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                Long[] subscribers = new Long[records.count()];
                String[] ids = new String[records.count()];
                int i = 0;
                for (ConsumerRecord<String, String> r : records) {
                    Outcome o = JSON.readValue(r.value(), Outcome.class);
                    subscribers[i] = o.subscriber();
                    ids[i++] = o.messageId();
                }
                apply.setArray(1, db.createArrayOf("bigint", subscribers));
                apply.setArray(2, db.createArrayOf("text", ids));
                int changed = apply.executeUpdate();
                db.commit();
                consumer.commitAsync();
                applied.addAndGet(changed);
            }
        }
    }

    /** Untimed: the audience and empty tables (recipients and audience in campaign's database, as in Mailroom). */
    private void prepare(int n) throws SQLException {
        dropTables();
        try (Statement st = admin("campaign").createStatement()) {
            st.execute("CREATE TABLE bench_floor_audience (id bigint PRIMARY KEY, email text NOT NULL)");
            st.execute("INSERT INTO bench_floor_audience SELECT g, 'floor' || g || '@example.com' "
                    + "FROM generate_series(1, " + n + ") AS g");
            st.execute("ANALYZE bench_floor_audience");
            st.execute("CREATE TABLE bench_floor_recipient (subscriber bigint PRIMARY KEY, email text NOT NULL, "
                    + "state text NOT NULL, message_id text)");
            st.execute("CREATE TABLE bench_floor_checkpoint (after bigint NOT NULL)");
            st.execute("INSERT INTO bench_floor_checkpoint VALUES (0)");
        }
        try (Statement st = admin("dispatch").createStatement()) {
            st.execute("CREATE TABLE bench_floor_send_log (key text PRIMARY KEY, state text NOT NULL, "
                    + "message_id text)");
            st.execute("CREATE TABLE bench_floor_outbox (id bigserial PRIMARY KEY, payload text NOT NULL)");
        }
    }

    private void verifyEveryRecipientSent(int n) throws SQLException {
        try (Statement st = admin("campaign").createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE state = 'SENT'), count(*) "
                        + "FROM bench_floor_recipient")) {
            rs.next();
            if (rs.getLong(1) != n || rs.getLong(2) != n) {
                throw new IllegalStateException("durable floor: " + rs.getLong(1) + " of " + rs.getLong(2)
                        + " recipient rows SENT, expected " + n);
            }
        }
    }

    private void dropTables() throws SQLException {
        try (Statement st = admin("campaign").createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_floor_audience, bench_floor_recipient, bench_floor_checkpoint");
        }
        try (Statement st = admin("dispatch").createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_floor_send_log, bench_floor_outbox");
        }
    }

    /** The connection for setting up, checking and dropping the scratch tables in {@code db}. */
    private Connection admin(String db) throws SQLException {
        Connection c = admins.get(db);
        if (c == null) {
            c = connect(db);
            admins.put(db, c);
        }
        return c;
    }

    /** A connection kept until {@link #close}, so its backend's CPU is still there to be measured. */
    private Connection connect(String db) throws SQLException {
        Connection c = DriverManager.getConnection(stack.jdbcUrl(db), stack.dbUser(), stack.dbPassword());
        synchronized (connections) {
            connections.add(c);
        }
        return c;
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // larger batches than the client's defaults: fewer requests for the broker, the floor at its best
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String role) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, sendsTopic + "." + role);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
