package com.attendancelive.limits;

import com.attendancelive.system.TimerLifecycle;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code attempt_counter} bounded: every {@code attendance.limits.cleanup-interval} each
 * instance deletes the counters whose window has ended, then, above
 * {@code attendance.limits.max-tracked-keys}, the ones with the fewest attempts and the earliest
 * end (so the counters that lock someone out are the last to go). Deletes run in batches of
 * {@value #BATCH} keys, each its own statement, so none holds many row locks for long. Instances
 * cleaning up at the same moment may together evict up to once more than the excess.
 */
@Component
class AttemptCounterCleanup extends TimerLifecycle {

    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(AttemptCounterCleanup.class);

    private final AttemptLimiter limiter;
    private final LimitsProperties properties;

    AttemptCounterCleanup(AttemptLimiter limiter, LimitsProperties properties) {
        super("attempt-counter-cleanup");
        this.limiter = limiter;
        this.properties = properties;
    }

    /** What one run removed. */
    record Removed(long expired, long evicted) {
    }

    Removed cleanUp() {
        AttemptCounters counters = limiter.counters();
        Instant now = limiter.clock().instant();
        long expired = 0;
        int deleted;
        do {
            deleted = counters.deleteExpired(now, BATCH);
            expired += deleted;
        }
        while (deleted > 0);
        long evicted = 0;
        long excess = counters.count() - properties.maxTrackedKeys();
        while (excess > 0) {
            deleted = counters.evict((int) Math.min(BATCH, excess));
            if (deleted == 0) {
                break;
            }
            evicted += deleted;
            excess -= deleted;
        }
        if (evicted > 0) {
            log.warn("attempt_counter held more than attendance.limits.max-tracked-keys ({}) counters: evicted {}"
                    + " (the fewest attempts, oldest first); many distinct user names or addresses are failing logins",
                    properties.maxTrackedKeys(), evicted);
        }
        return new Removed(expired, evicted);
    }

    private void runQuietly() {
        try {
            cleanUp();
        }
        catch (RuntimeException ex) {
            log.debug("Cleaning up attempt_counter failed; the next run tries again", ex);
        }
    }

    @Override
    public void start() {
        timer.start();
        timer.every(properties.cleanupInterval(), this::runQuietly);
    }
}
