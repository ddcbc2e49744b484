package com.attendancelive.security;

import jakarta.websocket.Session;
import java.time.Duration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Caps how long one write to a stalled client may block. Messages to a session are published in
 * order, one at a time, so Spring's send-time limit (checked when a second send finds the first
 * still running) cannot fire; Tomcat's blocking send timeout, 20 s by default, would then hold an
 * outbound thread and let the session's queue grow. Setting it to the send-time limit ends the
 * write, and with it the session, at that limit.
 */
final class BlockingSendTimeout extends WebSocketHandlerDecorator {

    /** Tomcat's per-session property, read at every blocking send. */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final long timeoutMillis;

    BlockingSendTimeout(WebSocketHandler delegate, Duration timeout) {
        super(delegate);
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (session instanceof NativeWebSocketSession nativeSession) {
            Session tomcatSession = nativeSession.getNativeSession(Session.class);
            if (tomcatSession != null) {
                tomcatSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, timeoutMillis);
            }
        }
        super.afterConnectionEstablished(session);
    }
}
