package com.attendancelive.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Out of file descriptors, Tomcat's and ActiveMQ's acceptors log "Too many open files" in a tight
 * loop (gigabytes within minutes). This filter lets one such line through per interval and drops
 * the repeats, then reports how many it dropped. The limits (max sessions, Tomcat and broker
 * connection limits) are set to stay below the descriptor limit; this is the safety net.
 * Declared in {@code logback-spring.xml}.
 */
public final class FileDescriptorExhaustionLogFilter extends TurboFilter {

    static final String SYMPTOM = "Too many open files";
    /** One line per 10 s at most. */
    static final long DEFAULT_INTERVAL_MILLIS = 10_000;

    private final long intervalMillis;
    private final AtomicLong lastPassed = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();
    private final org.slf4j.Logger report = LoggerFactory.getLogger(FileDescriptorExhaustionLogFilter.class);

    public FileDescriptorExhaustionLogFilter() {
        this(DEFAULT_INTERVAL_MILLIS);
    }

    FileDescriptorExhaustionLogFilter(long intervalMillis) {
        this.intervalMillis = intervalMillis;
        setName("file-descriptor-exhaustion-log-filter");
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || !mentionsSymptom(format, params, t)) {
            return FilterReply.NEUTRAL;
        }
        long now = System.currentTimeMillis();
        long last = lastPassed.get();
        if (now - last >= intervalMillis && lastPassed.compareAndSet(last, now)) {
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                report.warn("Dropped {} repeated log lines about file descriptor exhaustion in the last {} ms",
                        dropped, intervalMillis);
            }
            return FilterReply.NEUTRAL;
        }
        suppressed.incrementAndGet();
        return FilterReply.DENY;
    }

    long suppressed() {
        return suppressed.get();
    }

    private static boolean mentionsSymptom(String format, Object[] params, Throwable t) {
        if (format != null && format.contains(SYMPTOM)) {
            return true;
        }
        if (params != null) {
            for (Object param : params) {
                if (param instanceof Throwable throwable && causedBySymptom(throwable)) {
                    return true;
                }
                if (param instanceof String text && text.contains(SYMPTOM)) {
                    return true;
                }
            }
        }
        return t != null && causedBySymptom(t);
    }

    private static boolean causedBySymptom(Throwable t) {
        int depth = 0;
        for (Throwable cause = t; cause != null && depth < 10; cause = cause.getCause(), depth++) {
            String message = cause.getMessage();
            if (message != null && message.contains(SYMPTOM)) {
                return true;
            }
        }
        return false;
    }
}
