package com.attendancelive.system;

import org.springframework.context.SmartLifecycle;

/**
 * A component whose lifecycle is its periodic work: {@link #start()} starts the {@link DaemonTimer}
 * and schedules the work on it, {@link #stop()} stops it, and it runs while the timer does.
 */
public abstract class TimerLifecycle implements SmartLifecycle {

    protected final DaemonTimer timer;

    protected TimerLifecycle(String threadName) {
        this.timer = new DaemonTimer(threadName);
    }

    @Override
    public void stop() {
        timer.stop();
    }

    @Override
    public boolean isRunning() {
        return timer.isRunning();
    }
}
