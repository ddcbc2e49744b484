package com.attendancelive.realtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs its tasks one at a time, in submission order, on a shared pool: what a task touches needs no
 * lock as long as only these tasks touch it. A busy queue gives its thread back after a batch, so
 * one class cannot hold a thread while others wait.
 */
final class SerialTasks implements Executor {

    private static final int BATCH = 64;
    private static final Logger log = LoggerFactory.getLogger(SerialTasks.class);

    private final Executor threads;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialTasks(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.execute(this::runBatch);
        }
        catch (RejectedExecutionException stopping) {
            tasks.clear();
            scheduled.set(false);
        }
    }

    private void runBatch() {
        try {
            Runnable task;
            for (int i = 0; i < BATCH && (task = tasks.poll()) != null; i++) {
                try {
                    task.run();
                }
                catch (RuntimeException ex) {
                    log.warn("A delivery task failed: {}", ex.toString());
                }
            }
        }
        finally {
            scheduled.set(false);
            schedule();
        }
    }
}
