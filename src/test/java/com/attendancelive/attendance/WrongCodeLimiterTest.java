package com.attendancelive.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.limits.LimitStore;
import com.attendancelive.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wrong codes on the shared counters (H2); without them the limit is not applied rather than refusing a right code. */
class WrongCodeLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final LimitStore store = LimitStore.h2();
    private final WrongCodeLimiter limiter = new WrongCodeLimiter(store.limiter(clock), 3, Duration.ofMinutes(5));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theLimitOpensAgainAfterTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfter("alice")).isZero();
            assertThat(limiter.recordFailure("alice")).as("wrong code %d is counted", i + 1).isEmpty();
        }
        assertThat(limiter.retryAfter("alice")).isEqualTo(Duration.ofMinutes(5));
        assertThat(limiter.recordFailure("alice")).as("one past the limit").contains(Duration.ofMinutes(5));
        assertThat(limiter.retryAfter("bob")).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.retryAfter("alice")).isZero();
    }

    @Test
    void withoutTheCountersNoStudentIsBlocked() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("alice");
        }
        store.hideCounters();
        try {
            assertThat(limiter.retryAfter("alice")).as("fails open: a right code is never refused for the store").isZero();
            assertThat(limiter.recordFailure("alice")).isEmpty();
        }
        finally {
            store.restoreCounters();
        }
        assertThat(limiter.retryAfter("alice")).as("blocked again once the counters answer").isEqualTo(Duration.ofMinutes(5));
    }
}
