package com.attendancelive.realtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Closes every STOMP session with WebSocket close 1001 ("going away") as the first step of a
 * shutdown, so that clients notice at once and reconnect, through the load balancer, to another
 * instance. Spring closes them the same way, but only in lifecycle phase 0, after the web server
 * (graceful shutdown, then stop) has already dropped the connections: clients would see an
 * abnormal closure (1006) instead. In-flight REST requests still complete during graceful shutdown.
 */
@Component
class WebSocketSessionsShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebSocketSessionsShutdown.class);

    private final WebSocketHandler webSocketHandler;
    private volatile boolean running;

    /** Spring declares the bean as a plain {@link WebSocketHandler}; it is the {@link SubProtocolWebSocketHandler}. */
    WebSocketSessionsShutdown(@Qualifier("subProtocolWebSocketHandler") WebSocketHandler webSocketHandler) {
        this.webSocketHandler = webSocketHandler;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (webSocketHandler instanceof SubProtocolWebSocketHandler handler && handler.isRunning()) {
            log.info("Shutting down: closing WebSocket sessions with 1001 going away ({})", handler.getStatsInfo());
            // Stops taking STOMP frames and closes each session with CloseStatus.GOING_AWAY.
            handler.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the web server itself. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
