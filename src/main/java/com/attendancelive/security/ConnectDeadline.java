package com.attendancelive.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Closes a WebSocket that has not completed a STOMP CONNECT within
 * {@code attendance.security.time-to-first-message} of opening, with 1008. Spring's own check of
 * that setting only runs when another session opens, and any frame (a heart-beat, garbage)
 * satisfies it; this one runs on the session sweep and only an accepted CONNECT does.
 */
class ConnectDeadline {

    private static final Logger log = LoggerFactory.getLogger(ConnectDeadline.class);

    private record Pending(WebSocketSession session, long deadlineNanos) {
    }

    private final Duration timeout;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    ConnectDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                pending.put(session.getId(), new Pending(session, System.nanoTime() + timeout.toNanos()));
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
                pending.remove(session.getId());
                super.afterConnectionClosed(session, closeStatus);
            }
        };
    }

    /** The session's CONNECT was accepted (the STOMP session id is the WebSocket's). */
    void met(String sessionId) {
        pending.remove(sessionId);
    }

    void closeOverdue() {
        long now = System.nanoTime();
        for (Pending overdue : pending.values()) {
            if (now - overdue.deadlineNanos() < 0 || !pending.remove(overdue.session().getId(), overdue)) {
                continue;
            }
            try {
                overdue.session().close(CloseStatus.POLICY_VIOLATION.withReason("no STOMP CONNECT within " + timeout));
            }
            catch (IOException | RuntimeException ex) {
                log.debug("Closing a session without CONNECT failed: {}", ex.toString());
            }
        }
    }
}
