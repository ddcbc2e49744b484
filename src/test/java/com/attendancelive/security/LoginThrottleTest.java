package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private Instant now = Instant.parse("2026-01-01T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final LoginThrottle throttle = new LoginThrottle(new SecurityProperties.LoginLimits(3, 5, Duration.ofMinutes(5)), clock);

    @Test
    void aUserIsBlockedAfterTheLimitUntilTheOldestFailureLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blockedFor("bob", "10.0.0.1")).isEmpty();
            throttle.recordFailure("bob", "10.0.0.1");
            now = now.plusSeconds(10);
        }
        assertThat(throttle.blockedFor("bob", "10.0.0.2")).hasValueSatisfying(wait ->
                assertThat(wait).isEqualTo(Duration.ofMinutes(5).minusSeconds(30)));
        assertThat(throttle.blockedFor("alice", "10.0.0.2")).isEmpty();
        now = now.plus(Duration.ofMinutes(5));
        assertThat(throttle.blockedFor("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void anAddressIsBlockedAfterItsLimitWhateverTheUser() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i, "10.0.0.9");
        }
        assertThat(throttle.blockedFor("alice", "10.0.0.9")).isPresent();
        assertThat(throttle.blockedFor("alice", "10.0.0.8")).isEmpty();
    }

    @Test
    void aSuccessfulLoginClearsTheUsersFailures() {
        throttle.recordFailure("bob", "10.0.0.1");
        throttle.recordFailure("bob", "10.0.0.1");
        throttle.recordSuccess("bob");
        throttle.recordFailure("bob", "10.0.0.1");
        assertThat(throttle.blockedFor("bob", "10.0.0.3")).isEmpty();
    }
}
