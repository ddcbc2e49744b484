package com.attendancelive.realtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;

/**
 * Spring's relay logs "Failed to forward DISCONNECT" at ERROR when the session's broker connection
 * has closed by the time the DISCONNECT goes out, as when a client sends DISCONNECT and closes its
 * WebSocket at once. The broker session has ended either way, so that line is moved to DEBUG:
 * otherwise a class leaving together writes an ERROR per student (1,000 lines for 1,000 subscribers).
 */
final class RelayDisconnectLogFilter extends TurboFilter {

    static final String SYMPTOM = "Failed to forward DISCONNECT";
    private static final String NAME = "relay-disconnect-log-filter";
    private static final String RELAY_LOGGER = StompBrokerRelayMessageHandler.class.getName();

    private final org.slf4j.Logger debug = LoggerFactory.getLogger(RelayDisconnectLogFilter.class);

    RelayDisconnectLogFilter() {
        setName(NAME);
    }

    /** Installs the filter in Logback once per logger context; a no-op with another logging backend. */
    static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(filter -> NAME.equals(filter.getName()))) {
            RelayDisconnectLogFilter filter = new RelayDisconnectLogFilter();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || format == null || !format.startsWith(SYMPTOM) || !RELAY_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        debug.debug("{} (the session's broker connection had already closed)", format);
        return FilterReply.DENY;
    }
}
