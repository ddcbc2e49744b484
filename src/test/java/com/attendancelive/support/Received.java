package com.attendancelive.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a subscriber's queue holds within a time. */
public final class Received {

    private Received() {
    }

    /** Up to {@code count} messages, as they arrive within {@code within}; fewer if they do not. */
    public static List<String> take(BlockingQueue<String> queue, int count, Duration within) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (taken.size() < count && System.nanoTime() < deadline) {
            String next = queue.poll(20, TimeUnit.MILLISECONDS);
            if (next != null) {
                taken.add(next);
            }
        }
        return taken;
    }
}
