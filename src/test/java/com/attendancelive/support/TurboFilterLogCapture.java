package com.attendancelive.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;

/** A Logback context of the test's own with one turbo filter started, and the events it lets through. */
public final class TurboFilterLogCapture {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public TurboFilterLogCapture(TurboFilter filter) {
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        appender.setContext(context);
        appender.start();
    }

    /** The named logger, its events captured. */
    public Logger logger(String name) {
        Logger logger = context.getLogger(name);
        logger.addAppender(appender);
        return logger;
    }

    /** What the filter let through, in order. */
    public List<ILoggingEvent> events() {
        return appender.list;
    }
}
