package io.mailroom.bench.fanout;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The fan-out baseline: one plain KafkaProducer (acks=all) writing N records of a given size, until all acked. */
public final class RawProducer {
    private final AtomicLong acked = new AtomicLong();

    public long acked() {
        return acked.get();
    }

    /** Writes {@code n} records keyed like sends (a subscriber id) with {@code value}; returns seconds to last ack. */
    public double run(String bootstrap, String topic, int n, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                byte[] key = String.valueOf(1_000_000 + i).getBytes();
                producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    acked.incrementAndGet();
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("raw producer failed", failure.get());
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
