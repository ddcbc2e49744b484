package com.attendancelive.attendance;

import com.attendancelive.limits.AttemptLimiter;
import com.attendancelive.limits.Limit;
import com.attendancelive.limits.LimitStoreUnavailableException;
import java.time.Duration;
import java.util.Optional;

/**
 * Wrong check-in codes per student, counted for the whole deployment (the shared
 * {@link AttemptLimiter}); past the limit the student gets 429 until the window ends. A correct
 * code costs one read by primary key and no write. Called inside the check-in's transaction,
 * after the class lock: a student's attempts at one class's code are counted one after the other
 * on every instance. When the counters are unavailable the limit is not applied (logged once by
 * the limiter): a wrong code is still 422, and a right one is never refused for it.
 */
final class WrongCodeLimiter {

    private final AttemptLimiter limiter;
    private final Limit limit;

    WrongCodeLimiter(AttemptLimiter limiter, int max, Duration window) {
        this.limiter = limiter;
        this.limit = new Limit("check-in-code", max, window);
    }

    /** How long the student must wait, or {@link Duration#ZERO} when they may try. */
    Duration retryAfter(String student) {
        try {
            return limiter.blockedFor(limit.of(student)).map(WrongCodeLimiter::atLeastOneSecond).orElse(Duration.ZERO);
        }
        catch (LimitStoreUnavailableException unavailable) {
            return Duration.ZERO;
        }
    }

    /** Counts a wrong code; the wait when the student had no attempt left (then it is answered 429, not 422). */
    Optional<Duration> recordFailure(String student) {
        try {
            return limiter.tryAcquire(limit.of(student)).map(WrongCodeLimiter::atLeastOneSecond);
        }
        catch (LimitStoreUnavailableException unavailable) {
            return Optional.empty();
        }
    }

    private static Duration atLeastOneSecond(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }
}
