package com.attendancelive.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** What a subscriber's queue holds within a time, or up to a sentinel. */
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

    /**
     * What arrives before the sentinel: a later message the test caused, which must come, on the
     * same path and in order after anything that should not have come. Asserting this is empty
     * replaces "wait a while and see that nothing came". Fails if the sentinel does not arrive
     * within {@code within}.
     */
    public static <T> List<T> before(BlockingQueue<T> queue, Predicate<? super T> sentinel, Duration within)
            throws InterruptedException {
        List<T> before = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("the sentinel did not arrive within " + within + "; before it: " + before);
            }
            if (sentinel.test(next)) {
                return before;
            }
            before.add(next);
        }
    }

    /** The same, for a sentinel event of the given seq. */
    public static List<String> beforeSeq(BlockingQueue<String> queue, long seq, Duration within) throws InterruptedException {
        return before(queue, hasSeq(seq), within);
    }

    /** An event (JSON) of the given seq. */
    public static Predicate<String> hasSeq(long seq) {
        Pattern pattern = Pattern.compile("\"seq\"\\s*:\\s*" + seq + "\\b");
        return message -> pattern.matcher(message).find();
    }
}
