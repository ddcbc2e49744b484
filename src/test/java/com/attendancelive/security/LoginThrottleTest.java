package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.attendancelive.limits.LimitStore;
import com.attendancelive.limits.LimitStoreUnavailableException;
import com.attendancelive.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The login throttle on the shared counters (H2): what a login attempt counts and what a right password gives back. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final LimitStore store = LimitStore.h2();
    private final LoginThrottle throttle = new LoginThrottle(store.limiter(clock),
            new SecurityProperties.LoginLimits(3, 5, Duration.ofMinutes(5)), Executors.newSingleThreadExecutor());

    @AfterEach
    void close() throws InterruptedException {
        throttle.destroy();
        store.close();
    }

    @Test
    void aUserIsBlockedAfterTheLimitUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("bob", "10.0.0.1")).as("attempt %d", i + 1).isEmpty();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.tryAttempt("bob", "10.0.0.2")).contains(Duration.ofMinutes(5).minusSeconds(30));
        assertThat(throttle.tryAttempt("alice", "10.0.0.2")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.tryAttempt("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void anAddressIsBlockedAfterItsLimitWhateverTheUser() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.tryAttempt("user" + i, "10.0.0.9")).isEmpty();
        }
        assertThat(throttle.tryAttempt("alice", "10.0.0.9")).isPresent();
        assertThat(throttle.tryAttempt("alice", "10.0.0.8")).isEmpty();
    }

    @Test
    void aRightPasswordClearsTheUsersFailuresAndGivesTheAddressItsAttemptBack() {
        throttle.tryAttempt("bob", "10.0.0.1");
        throttle.tryAttempt("bob", "10.0.0.1");
        throttle.tryAttempt("bob", "10.0.0.1");
        throttle.succeeded("bob", "10.0.0.1");
        // Given back on the forgiving thread, right after the answer.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> throttle.tryAttempt("bob", "10.0.0.3").isEmpty());
        for (int i = 1; i < 3; i++) {
            assertThat(throttle.tryAttempt("bob", "10.0.0.3")).as("bob again, attempt %d", i + 1).isEmpty();
        }
        // 10.0.0.1 counted bob's three and gave one back: two more pass, then it is used up.
        assertThat(throttle.tryAttempt("carol", "10.0.0.1")).isEmpty();
        assertThat(throttle.tryAttempt("dave", "10.0.0.1")).isEmpty();
        assertThat(throttle.tryAttempt("erin", "10.0.0.1")).isEmpty();
        assertThat(throttle.tryAttempt("frank", "10.0.0.1")).isPresent();
    }

    @Test
    void withoutTheCountersAnAttemptIsRefusedNotLetThrough() {
        store.hideCounters();
        assertThatThrownBy(() -> throttle.tryAttempt("bob", "10.0.0.1")).isInstanceOf(LimitStoreUnavailableException.class);
        store.restoreCounters();
        assertThat(throttle.tryAttempt("bob", "10.0.0.1")).isEmpty();
    }
}
