package io.mailroom.feedback.testing;

/** One test key, loopback SNS peer and signer per test JVM, shared by the module's tests. */
public final class TestSns {
    /** The topic the test profile allows ({@code %test.mailroom.sns.allowed-topic-arns}). */
    public static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:mailroom-ses-test";

    private static TestSns instance;

    private final LoopbackSnsPeer peer;
    private final SnsSigner signer;

    private TestSns() {
        TestSigningKey key = TestSigningKey.generate();
        peer = LoopbackSnsPeer.start(key.certificatePem());
        signer = new SnsSigner(key.privateKey(), peer.certUrl(), TOPIC, "2");
    }

    public static synchronized TestSns get() {
        if (instance == null) {
            instance = new TestSns();
        }
        return instance;
    }

    public LoopbackSnsPeer peer() {
        return peer;
    }

    public SnsSigner signer() {
        return signer;
    }
}
