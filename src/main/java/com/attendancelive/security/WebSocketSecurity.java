package com.attendancelive.security;

import java.util.List;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * What the transport module applies on security's behalf to both WebSocket routes; the transport
 * decides where each piece goes (its {@code TransportConfiguration}).
 */
public final class WebSocketSecurity {

    private final StompInboundGuard guard;
    private final List<ChannelInterceptor> authorization;
    private final StompErrorHandler errorHandler;
    private final ConnectDeadline connectDeadline;
    private final PlainSocketAccess plainSocketAccess;
    private final SecurityProperties properties;

    WebSocketSecurity(StompInboundGuard guard, List<ChannelInterceptor> authorization, StompErrorHandler errorHandler,
            ConnectDeadline connectDeadline, PlainSocketAccess plainSocketAccess, SecurityProperties properties) {
        this.guard = guard;
        this.authorization = List.copyOf(authorization);
        this.errorHandler = errorHandler;
        this.connectDeadline = connectDeadline;
        this.plainSocketAccess = plainSocketAccess;
        this.properties = properties;
    }

    /**
     * First on the client inbound channel: authentication from the CONNECT frame's token, the command
     * and header allowlist, the destination grammar, the frame rate.
     */
    public ChannelInterceptor inboundGuard() {
        return guard;
    }

    /**
     * Right after {@link #inboundGuard()}: Spring Security's security context for the session's user,
     * then its message authorization (who may subscribe to which class).
     */
    public List<ChannelInterceptor> authorization() {
        return authorization;
    }

    /** The ERROR frame for every refusal, and the session closed after it. */
    public StompSubProtocolErrorHandler errorHandler() {
        return errorHandler;
    }

    /** A STOMP session whose CONNECT is not accepted in time is closed. */
    public WebSocketHandler connectDeadline(WebSocketHandler handler) {
        return connectDeadline.decorate(handler);
    }

    /** Names the session of a frame that cannot be parsed, so the error handler can refuse it. */
    public WebSocketHandler namingInboundSession(WebSocketHandler handler) {
        return InboundWebSocketSession.decorate(handler);
    }

    /** The plain route's handshake check. */
    public HandshakeInterceptor plainRouteHandshake() {
        return plainSocketAccess.handshake();
    }

    /** Browser origins allowed to open either route ({@code attendance.security.allowed-origins}); none: same origin only. */
    public String[] allowedOrigins() {
        return properties.allowedOrigins().toArray(String[]::new);
    }
}
