package io.mailroom.platform.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    @Test
    void withConcurrentGroupsANextGroupStartsWhileEarlierOnesRun() {
        GroupCall<Integer, String> two = group.withConcurrentGroups(2);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            results.add(two.submit(i).subscribeAsCompletionStage());
        }
        assertThat(calls).containsExactly(List.of(1), List.of(2));

        running.get(1).complete(List.of("two"));
        assertThat(calls).containsExactly(List.of(1), List.of(2), List.of(3, 4));
        running.get(0).complete(List.of("one"));
        running.get(2).complete(List.of("three", "four"));

        assertThat(results).extracting(CompletableFuture::join).containsExactly("one", "two", "three", "four");
    }

    @Test
    void isolatingFailuresCallsEachItemOfAFailedGroupAloneSoOnlyTheRefusedOneFails() {
        CompletableFuture<List<String>> firstCall = new CompletableFuture<>();
        GroupCall<Integer, String> isolating = new GroupCall<Integer, String>(10, items -> {
            calls.add(items);
            if (items.equals(List.of(0))) {
                return Uni.createFrom().completionStage(firstCall);
            }
            return items.contains(2) ? Uni.createFrom().failure(new IllegalArgumentException("2 is refused"))
                    : Uni.createFrom().item(items.stream().map(i -> "#" + i).toList());
        }).isolatingFailures();
        isolating.submit(0).subscribeAsCompletionStage();
        CompletableFuture<String> one = isolating.submit(1).subscribeAsCompletionStage();
        CompletableFuture<String> two = isolating.submit(2).subscribeAsCompletionStage();
        CompletableFuture<String> three = isolating.submit(3).subscribeAsCompletionStage();

        firstCall.complete(List.of("#0"));

        assertThat(calls).containsExactly(List.of(0), List.of(1, 2, 3), List.of(1), List.of(2), List.of(3));
        assertThat(one.join()).isEqualTo("#1");
        assertThat(three.join()).isEqualTo("#3");
        assertThat(two).isCompletedExceptionally();
        assertThat(two.handle((x, e) -> e instanceof CompletionException ? e.getCause() : e).join())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutIsolationAFailedGroupFailsEveryCallerOfIt() {
        CompletableFuture<String> first = group.submit(1).subscribeAsCompletionStage();
        CompletableFuture<String> second = group.submit(2).subscribeAsCompletionStage();
        CompletableFuture<String> third = group.submit(3).subscribeAsCompletionStage();
        running.get(0).complete(List.of("one"));

        running.get(1).completeExceptionally(new IllegalStateException("2 is refused"));

        assertThat(first.join()).isEqualTo("one");
        assertThat(calls).containsExactly(List.of(1), List.of(2, 3));
        assertThat(second).isCompletedExceptionally();
        assertThat(third).isCompletedExceptionally();
    }
}
