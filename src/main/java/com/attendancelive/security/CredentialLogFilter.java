package com.attendancelive.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Spring's {@code StompDecoder} logs every decoded frame with all its headers at TRACE, before any
 * interceptor can remove a CONNECT frame's {@code Authorization} header (and the broker
 * connection's CONNECT carries its passcode). Those lines are dropped whatever the configured level.
 * Everything after the decoder sees the CONNECT without the header: {@link StompInboundGuard} removes it.
 */
final class CredentialLogFilter extends TurboFilter {

    static final String STOMP_DECODER = "org.springframework.messaging.simp.stomp.StompDecoder";
    private static final String NAME = "stomp-credential-log-filter";

    CredentialLogFilter() {
        setName(NAME);
    }

    static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(filter -> NAME.equals(filter.getName()))) {
            CredentialLogFilter filter = new CredentialLogFilter();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger != null && STOMP_DECODER.equals(logger.getName()) && (level == null || level.toInt() <= Level.DEBUG_INT)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
