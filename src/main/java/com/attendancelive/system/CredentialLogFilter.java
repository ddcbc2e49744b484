package com.attendancelive.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Spring's {@code StompDecoder} logs every decoded frame with all its headers at TRACE, before any
 * interceptor can remove a CONNECT frame's {@code Authorization} header (and the broker
 * connection's CONNECT carries its passcode), under its own name or, when only {@code org.springframework.web}
 * logs at TRACE, under {@code SimpLogging}'s. Those lines are dropped whatever the configured level,
 * and so is any DEBUG or TRACE line that quotes a bearer token (the WebSocket handshake handler
 * logs the request's headers). Everything after the decoder sees the CONNECT without the header:
 * the security module's StompInboundGuard removes it. Declared in {@code logback-spring.xml}.
 */
public final class CredentialLogFilter extends TurboFilter {

    static final String STOMP_DECODER = "org.springframework.messaging.simp.stomp.StompDecoder";
    /** Where Spring's STOMP classes log when their own logger is off but {@code org.springframework.web} is on. */
    static final String SIMP_FALLBACK = "org.springframework.web.SimpLogging";
    public CredentialLogFilter() {
        setName("stomp-credential-log-filter");
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || (level != null && level.toInt() > Level.DEBUG_INT)) {
            return FilterReply.NEUTRAL;
        }
        if (STOMP_DECODER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        if (format != null && (format.contains("Bearer ") || (SIMP_FALLBACK.equals(logger.getName()) && format.startsWith("Decoded ")))) {
            return FilterReply.DENY; // for one, the WebSocket handshake handler logs the request's headers at TRACE
        }
        return FilterReply.NEUTRAL;
    }
}
