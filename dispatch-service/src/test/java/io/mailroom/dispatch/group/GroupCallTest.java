package io.mailroom.dispatch.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** Callers that arrive while a group runs go together in the next one, and each gets its own result or failure. */
class GroupCallTest {
    private final List<List<Integer>> calls = new ArrayList<>();
    private final List<CompletableFuture<List<String>>> running = new ArrayList<>();
    private final GroupCall<Integer, String> group = new GroupCall<>(3, items -> {
        calls.add(items);
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        running.add(result);
        return Uni.createFrom().completionStage(result);
    });

    @Test
    void callersArrivingDuringACallAreGroupedUpToTheMaximum() {
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(group.submit(i).subscribeAsCompletionStage());
        }
        assertThat(calls).containsExactly(List.of(1));

        running.get(0).complete(List.of("one"));
        assertThat(calls).containsExactly(List.of(1), List.of(2, 3, 4));
        running.get(1).complete(List.of("two", "three", "four"));
        running.get(2).complete(List.of("five"));

        assertThat(calls).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5));
        assertThat(results).extracting(CompletableFuture::join).containsExactly("one", "two", "three", "four", "five");
    }

    @Test
    void aFailedGroupFailsOnlyItsOwnCallers() {
        CompletableFuture<String> first = group.submit(1).subscribeAsCompletionStage();
        CompletableFuture<String> second = group.submit(2).subscribeAsCompletionStage();

        running.get(0).completeExceptionally(new IllegalStateException("database down"));
        running.get(1).complete(List.of("two"));

        assertThat(first).isCompletedExceptionally();
        assertThat(second.join()).isEqualTo("two");
    }

    @Test
    void aCallReturningTooFewResultsFailsEveryCallerOfItsGroupInsteadOfLeavingThemWaiting() {
        group.submit(1).subscribeAsCompletionStage();
        CompletableFuture<String> second = group.submit(2).subscribeAsCompletionStage();
        CompletableFuture<String> third = group.submit(3).subscribeAsCompletionStage();
        running.get(0).complete(List.of("one"));

        running.get(1).complete(List.of("two"));

        assertThat(second).isCompletedExceptionally();
        assertThat(third).isCompletedExceptionally();
    }
}
