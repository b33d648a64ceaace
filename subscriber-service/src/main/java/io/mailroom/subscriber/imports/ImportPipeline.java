package io.mailroom.subscriber.imports;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

import io.smallrye.mutiny.Uni;

/**
 * Writes the batches of one import while the next ones are read: up to {@code maxInFlight} batch transactions run
 * side by side (the database uses a core per connection), and each transaction commits after the one before it.
 * One instance per import, used by the reading thread only.
 */
final class ImportPipeline {
    private final ImportBatchWriter writer;
    private final ImportSettings settings;
    private final int maxInFlight;
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    ImportPipeline(ImportBatchWriter writer, ImportSettings settings, int maxInFlight) {
        this.writer = writer;
        this.settings = settings;
        this.maxInFlight = maxInFlight;
    }

    /** Starts writing the batch; blocks while {@code maxInFlight} batches are being written; rethrows their failure. */
    void submit(ImportBatch batch) {
        while (inFlight.size() >= maxInFlight) {
            inFlight.removeFirst().join();
        }
        CompletableFuture<Void> previous = lastWrite;
        lastWrite = writer.write(settings, batch, Uni.createFrom().completionStage(previous))
                .subscribeAsCompletionStage();
        inFlight.addLast(lastWrite);
    }

    /** Waits until every submitted batch is committed; rethrows the first failure. */
    void drain() {
        while (!inFlight.isEmpty()) {
            inFlight.removeFirst().join();
        }
    }
}
