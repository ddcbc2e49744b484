package com.attendancelive.security;

import com.attendancelive.limits.AttemptLimiter;
import com.attendancelive.limits.Limit;
import com.attendancelive.limits.LimitStoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per user name and per client address, for the whole deployment (the
 * shared {@link AttemptLimiter}). Every login attempt is counted before its password is checked,
 * and given back when the password was right; so however many attempts run at once, on however
 * many instances, at most the limit of them are ever checked. Past a limit the attempt is refused
 * (429) until the window ends, whether or not the password would be right: that stops guessing.
 *
 * <p>Giving back runs right after the answer, on a thread of its own, in order: the login does not
 * wait for a database write that follows the password hash's 50-100 ms of CPU. Until it has run
 * (well under a millisecond) the counts are one higher, which errs on the safe side; a wrong
 * attempt for the same user within that moment may be forgotten with the others.
 */
@Component
class LoginThrottle implements DisposableBean {

    private final AttemptLimiter limiter;
    private final Limit perUser;
    private final Limit perAddress;
    private final ExecutorService forgiving;

    @Autowired
    LoginThrottle(AttemptLimiter limiter, SecurityProperties properties) {
        this(limiter, properties.loginLimits(), forgivingThread());
    }

    LoginThrottle(AttemptLimiter limiter, SecurityProperties.LoginLimits limits, ExecutorService forgiving) {
        this.limiter = limiter;
        this.perUser = new Limit("login-user", limits.perUser(), limits.window());
        this.perAddress = new Limit("login-address", limits.perAddress(), limits.window());
        this.forgiving = forgiving;
    }

    /** One thread; with a thousand waiting (the database slower than the logins), the login forgives itself. */
    private static ExecutorService forgivingThread() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000), runnable -> {
            Thread thread = new Thread(runnable, "login-forgiving");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
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
        Limit.Key user = perUser.of(username);
        Limit.Key from = perAddress.of(address);
        forgiving.execute(() -> {
            try {
                limiter.forgive(user, from);
            }
            catch (LimitStoreUnavailableException ex) {
                // Logged by the limiter; the counts stay as they were, which errs on the safe side.
            }
        });
    }

    /** What is still waiting is forgiven before the application stops. */
    @Override
    public void destroy() throws InterruptedException {
        forgiving.shutdown();
        forgiving.awaitTermination(5, TimeUnit.SECONDS);
    }
}
