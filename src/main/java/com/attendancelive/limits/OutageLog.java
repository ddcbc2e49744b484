package com.attendancelive.limits;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/** One WARN when the attempt counters stop answering, one INFO when they answer again; nothing in between. */
final class OutageLog {

    private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();

    void failed(Exception cause) {
        failures.incrementAndGet();
        if (down.compareAndSet(false, true)) {
            log.warn("The attempt counters (table attempt_counter) are unavailable: logins answer 503 and check-in"
                    + " codes are not limited until they answer again. Cause: {}", firstLine(cause));
        }
    }

    private static String firstLine(Exception cause) {
        String text = NestedExceptionUtils.getMostSpecificCause(cause).toString();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.info("The attempt counters answer again ({} operations failed meanwhile)", failures.getAndSet(0));
        }
    }
}
