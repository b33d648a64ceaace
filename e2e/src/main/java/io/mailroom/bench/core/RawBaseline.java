package io.mailroom.bench.core;

/** A baseline that sends N messages straight to the provider, bypassing Mailroom; a fresh one per run. */
public interface RawBaseline {
    /** Messages completed so far (for the throughput curve). */
    long done();

    /** Sends {@code n} messages and returns messages per second. */
    double send(int n) throws Exception;
}
