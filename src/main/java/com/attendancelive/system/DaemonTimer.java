package com.attendancelive.system;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One named daemon thread for a module's periodic work, started and stopped by the module's
 * {@link org.springframework.context.SmartLifecycle}. While stopped it runs nothing. As with any
 * {@link ScheduledExecutorService}, a periodic task that throws is never run again: tasks catch
 * what they expect.
 */
public final class DaemonTimer {

    private final String threadName;
    private volatile @Nullable ScheduledExecutorService executor;

    public DaemonTimer(String threadName) {
        this.threadName = threadName;
    }

    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} every {@code period} (that long between the end of a run and the next), the first time one period from now. */
    public void every(Duration period, Runnable task) {
        ScheduledExecutorService current = executor;
        if (current != null) {
            long millis = period.toMillis();
            current.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task} once, after {@code delay}; false, running nothing, while stopped. */
    public boolean after(Duration delay, Runnable task) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return false;
        }
        current.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** Runs {@code task} once, as soon as the thread is free. */
    public void execute(Runnable task) {
        ScheduledExecutorService current = executor;
        if (current != null) {
            current.execute(task);
        }
    }

    /** Interrupts a run in progress; nothing runs afterwards. */
    public void stop() {
        ScheduledExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdownNow();
        }
    }

    public boolean isRunning() {
        return executor != null;
    }
}
