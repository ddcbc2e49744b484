package com.attendancelive.attendance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts wrong check-in codes per student in a sliding window; past the limit the student gets
 * 429 until the oldest failure leaves the window. Per instance, in memory (one small entry per
 * student who ever sent a wrong code).
 */
final class WrongCodeLimiter {

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int max;
    private final Duration window;
    private final Clock clock;

    WrongCodeLimiter(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** How long the student must wait, or {@link Duration#ZERO} when they may try. */
    Duration retryAfter(String student) {
        Deque<Instant> times = failures.get(student);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            if (times.size() < max) {
                return Duration.ZERO;
            }
            Duration wait = Duration.between(now, times.peekFirst().plus(window));
            return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        }
    }

    void recordFailure(String student) {
        Deque<Instant> times = failures.computeIfAbsent(student, key -> new ArrayDeque<>());
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            times.addLast(now);
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }
}
