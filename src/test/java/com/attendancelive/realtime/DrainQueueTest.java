package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The scheduling of one class's drains; the drains themselves are covered by the delivery tests. */
class DrainQueueTest {

    /** Runs queued drains only when the test says so. */
    private final Queue<Runnable> deliveryThreads = new ArrayDeque<>();
    private final AtomicInteger drains = new AtomicInteger();

    private DrainQueue queue(LongSupplier drain) {
        return new DrainQueue("cs101", deliveryThreads::add, () -> {
            drains.incrementAndGet();
            return drain.getAsLong();
        });
    }

    private void runQueuedDrain() {
        assertThat(deliveryThreads).hasSize(1);
        deliveryThreads.remove().run();
    }

    @Test
    void seqsAskedForBeforeTheDrainRunsShareOneDrain() {
        DrainQueue queue = queue(() -> 3);

        CompletableFuture<Void> first = queue.request(1);
        CompletableFuture<Void> second = queue.request(2);
        CompletableFuture<Void> third = queue.request(3);
        assertThat(deliveryThreads).hasSize(1);
        assertThat(first).isNotDone();

        runQueuedDrain();

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
        assertThat(drains).hasValue(1);
        assertThat(deliveryThreads).isEmpty();
        assertThat(queue.request(2)).as("already sent").isCompleted();
        assertThat(deliveryThreads).isEmpty();
    }

    @Test
    void seqsAskedForDuringADrainGetTheNextDrainQueuedBehindOtherWork() {
        CompletableFuture<?>[] askedDuringDrain = new CompletableFuture<?>[2];
        long[] committed = {1};
        DrainQueue[] queue = new DrainQueue[1];
        queue[0] = queue(() -> {
            if (drains.get() == 1) {
                // events 2 and 3 commit while the first drain sends event 1
                askedDuringDrain[0] = queue[0].request(2);
                askedDuringDrain[1] = queue[0].request(3);
                long sent = committed[0];
                committed[0] = 3;
                return sent;
            }
            return committed[0];
        });

        CompletableFuture<Void> first = queue[0].request(1);
        runQueuedDrain();

        assertThat(first).isCompleted();
        assertThat(askedDuringDrain[0]).isNotDone();
        assertThat(askedDuringDrain[1]).isNotDone();
        assertThat(deliveryThreads).as("the next drain is queued, not run on the same thread").hasSize(1);

        runQueuedDrain();

        assertThat(askedDuringDrain[0]).isCompleted();
        assertThat(askedDuringDrain[1]).isCompleted();
        assertThat(drains).hasValue(2);
        assertThat(deliveryThreads).isEmpty();
    }

    @Test
    void aFailedDrainFailsEverySeqWaitingAndTheNextRequestDrainsAgain() {
        boolean[] brokerDown = {true};
        DrainQueue queue = queue(() -> {
            if (brokerDown[0]) {
                throw new IllegalStateException("broker down");
            }
            return 2;
        });

        CompletableFuture<Void> first = queue.request(1);
        CompletableFuture<Void> second = queue.request(2);
        runQueuedDrain();

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThatThrownBy(first::get).isInstanceOf(ExecutionException.class).hasMessageContaining("broker down");
        assertThat(deliveryThreads).isEmpty();

        brokerDown[0] = false;
        CompletableFuture<Void> resubmitted = queue.request(1);
        runQueuedDrain();
        assertThat(resubmitted).isCompleted();
    }

    @Test
    void aDrainThatDoesNotReachTheSeqAskedForFailsIt() {
        DrainQueue queue = queue(() -> 4);

        CompletableFuture<Void> missing = queue.request(5);
        runQueuedDrain();

        assertThatThrownBy(missing::get).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Event 5 of class cs101 was not found to send (sent up to 4)");
    }

    @Test
    void aRequestWhileTheDeliveryThreadsStopFailsAtOnce() {
        Executor stopped = task -> {
            throw new RejectedExecutionException("stopping");
        };
        DrainQueue queue = new DrainQueue("cs101", stopped, () -> 1);

        assertThat(queue.request(1)).isCompletedExceptionally();
        assertThat(queue.request(1)).as("a later request tries again").isCompletedExceptionally();
    }
}
