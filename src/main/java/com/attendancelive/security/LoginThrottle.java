package com.attendancelive.security;

import com.attendancelive.limits.AttemptLimiter;
import com.attendancelive.limits.Limit;
import com.attendancelive.limits.LimitStoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per user name and per client address, for the whole deployment (the
 * shared {@link AttemptLimiter}). Every login attempt is counted before its password is checked,
 * and given back when the password was right; so however many attempts run at once, on however
 * many instances, at most the limit of them are ever checked. Past a limit the attempt is refused
 * (429) until the window ends, whether or not the password would be right: that stops guessing.
 */
@Component
class LoginThrottle {

    private final AttemptLimiter limiter;
    private final Limit perUser;
    private final Limit perAddress;

    @org.springframework.beans.factory.annotation.Autowired
    LoginThrottle(AttemptLimiter limiter, SecurityProperties properties) {
        this(limiter, properties.loginLimits());
    }

    LoginThrottle(AttemptLimiter limiter, SecurityProperties.LoginLimits limits) {
        this.limiter = limiter;
        this.perUser = new Limit("login-user", limits.perUser(), limits.window());
        this.perAddress = new Limit("login-address", limits.perAddress(), limits.window());
    }

    /**
     * Counts this attempt against the user and the address; the wait when either is used up (then
     * nothing is counted).
     *
     * @throws LimitStoreUnavailableException when the counters cannot be reached: refuse the login
     */
    Optional<Duration> tryAttempt(String username, String address) {
        return limiter.tryAcquire(List.of(perUser.of(username), perAddress.of(address)));
    }

    /** The password was right: the user's failures are forgotten and the address gets its attempt back. */
    void succeeded(String username, String address) {
        try {
            limiter.forgive(perUser.of(username), perAddress.of(address));
        }
        catch (LimitStoreUnavailableException ex) {
            // Logged by the limiter; the counts stay as they were, which errs on the safe side.
        }
    }
}
