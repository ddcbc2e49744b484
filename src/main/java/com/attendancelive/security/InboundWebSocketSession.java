package com.attendancelive.security;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The WebSocket session whose message this thread is handing to Spring's STOMP handler. A frame
 * that cannot be parsed reaches the error handler without headers, so without a session id; this
 * names the session, so that the frame is refused like any other (see {@link LiveSessions#refuse}).
 */
final class InboundWebSocketSession {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private InboundWebSocketSession() {
    }

    static String current() {
        return CURRENT.get();
    }

    static WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
                CURRENT.set(session.getId());
                try {
                    super.handleMessage(session, message);
                }
                finally {
                    CURRENT.remove();
                }
            }
        };
    }
}
