package com.attendancelive.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The number of open WebSocket sessions on this instance, both routes, against
 * {@code attendance.security.max-sessions}: transport middleware, apart from authentication.
 * The handshake filter refuses new sessions with 503 at the limit; this decorator closes any that
 * slip past it in a race, so the limit holds exactly. Existing sessions are never touched.
 */
class SessionLimit {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    SessionLimit(int max) {
        this.max = max;
    }

    boolean isFull() {
        return open.get() >= max;
    }

    int open() {
        return open.get();
    }

    int max() {
        return max;
    }

    WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            private final java.util.Map<String, AtomicBoolean> counted = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                if (open.incrementAndGet() > max) {
                    open.decrementAndGet();
                    session.close(CloseStatus.SERVICE_OVERLOAD.withReason("session limit reached"));
                    return;
                }
                counted.put(session.getId(), new AtomicBoolean(true));
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
                AtomicBoolean wasCounted = counted.remove(session.getId());
                if (wasCounted != null) {
                    open.decrementAndGet();
                    super.afterConnectionClosed(session, closeStatus);
                }
            }
        };
    }
}
