package io.mailroom.bench.core;

/** A baseline that sends N messages straight to the provider, bypassing Mailroom; a fresh one per run. */
public interface RawBaseline extends AutoCloseable {
    /** Messages completed so far (for the throughput curve). */
    long done();

    /** Sends {@code n} messages and returns messages per second. */
    double send(int n) throws Exception;

    /**
     * Called after the run's CPU was measured: a baseline that holds database connections closes them here, because a
     * PostgreSQL backend that has exited is no longer counted.
     */
    @Override
    default void close() throws Exception {
    }
}
