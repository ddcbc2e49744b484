package com.attendancelive.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per user name and per client address in a sliding window. Past the limit,
 * login attempts are refused (429) until the oldest failure leaves the window, whether or not the
 * password would be right: that is what stops guessing. Per instance; behind a load balancer the
 * effective limit is the per-instance limit times the number of instances.
 */
@Component
class LoginThrottle {

    /** Bounds memory when an attacker sprays user names or addresses. */
    private static final int MAX_TRACKED_KEYS = 100_000;

    private final SecurityProperties.LoginLimits limits;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    LoginThrottle(SecurityProperties properties) {
        this(properties.loginLimits(), Clock.systemUTC());
    }

    LoginThrottle(SecurityProperties.LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long the caller must wait, or empty when this attempt may proceed. */
    Optional<Duration> blockedFor(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> user = wait(userKey(username), limits.perUser(), now);
        Optional<Duration> addr = wait(addressKey(address), limits.perAddress(), now);
        if (user.isPresent() && addr.isPresent()) {
            return Optional.of(user.get().compareTo(addr.get()) >= 0 ? user.get() : addr.get());
        }
        return user.isPresent() ? user : addr;
    }

    void recordFailure(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED_KEYS) {
            failures.entrySet().removeIf(entry -> expire(entry.getValue(), now));
        }
        record(userKey(username), now);
        record(addressKey(address), now);
    }

    void recordSuccess(String username) {
        failures.remove(userKey(username));
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            expire(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, times.peekFirst().plus(limits.window()));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            // Never keep more than needed to decide.
            while (times.size() > Math.max(limits.perUser(), limits.perAddress())) {
                times.removeFirst();
            }
        }
    }

    private boolean expire(Deque<Instant> times, Instant now) {
        synchronized (times) {
            Instant oldest = now.minus(limits.window());
            while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
                times.removeFirst();
            }
            return times.isEmpty();
        }
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }
}
