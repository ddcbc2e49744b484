package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One class's tasks: in order, one at a time, on a shared pool. */
class SerialTasksTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksSubmittedFromManyThreadsRunOneAtATimeInTheOrderEachThreadSubmittedThem() throws Exception {
        SerialTasks tasks = new SerialTasks(pool);
        List<int[]> ran = new ArrayList<>(); // unsynchronized on purpose: only one task at a time touches it
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int submitters = 4;
        int each = 5_000;
        CountDownLatch done = new CountDownLatch(submitters * each);
        ExecutorService submitting = Executors.newFixedThreadPool(submitters);
        for (int s = 0; s < submitters; s++) {
            int submitter = s;
            submitting.execute(() -> {
                for (int i = 0; i < each; i++) {
                    int n = i;
                    tasks.execute(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        ran.add(new int[] {submitter, n});
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        submitting.shutdown();
        assertThat(overlaps.get()).as("tasks that ran while another did").isZero();
        assertThat(ran).hasSize(submitters * each);
        for (int s = 0; s < submitters; s++) {
            int submitter = s;
            assertThat(ran.stream().filter(task -> task[0] == submitter).mapToInt(task -> task[1]).toArray())
                    .as("submitter " + s).containsExactly(IntStream.range(0, each).toArray());
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        SerialTasks tasks = new SerialTasks(pool);
        CountDownLatch after = new CountDownLatch(1);
        tasks.execute(() -> {
            throw new IllegalStateException("boom");
        });
        tasks.execute(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStoppedPoolDropsTheTasksInsteadOfThrowingAtTheSubmitter() {
        SerialTasks tasks = new SerialTasks(command -> {
            throw new RejectedExecutionException("stopping");
        });
        AtomicInteger ran = new AtomicInteger();
        tasks.execute(ran::incrementAndGet);
        tasks.execute(ran::incrementAndGet);
        assertThat(ran.get()).isZero();
    }
}
