package com.attendancelive.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * A limit on attempts: at most {@code max} within {@code window}, counted per subject (a user name,
 * an address, a student). The window of a subject starts at its first counted attempt.
 *
 * @param name what is limited, the subject's namespace ({@code login-user}, {@code check-in-code}); {@code [a-z-]+}
 * @param max attempts allowed in one window
 * @param window how long a window lasts
 */
public record Limit(String name, int max, Duration window) {

    public Limit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (!name.matches("[a-z-]{1,32}")) {
            throw new IllegalArgumentException("A limit's name is [a-z-]{1,32}: " + name);
        }
        if (max < 1) {
            throw new IllegalArgumentException("A limit allows at least one attempt: " + max);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A limit's window must be positive: " + window);
        }
    }

    /** This limit for one subject. */
    public Key of(String subject) {
        return new Key(this, Objects.requireNonNull(subject, "subject"));
    }

    /** One subject's counter of a limit. */
    public record Key(Limit limit, String subject) {
    }
}
