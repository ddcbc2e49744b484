package com.attendancelive.realtime;

import com.attendancelive.security.PlainSocketAccess;
import com.attendancelive.security.SecurityProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** The plain WebSocket route {@code /ws/attendance/{classId}}: the handshake checked first, then {@link PlainAttendanceSocket}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class PlainRouteConfiguration implements WebSocketConfigurer {

    private final PlainAttendanceSocket socket;
    private final PlainSocketAccess access;
    private final SecurityProperties security;

    PlainRouteConfiguration(PlainAttendanceSocket socket, PlainSocketAccess access, SecurityProperties security) {
        this.socket = socket;
        this.access = access;
        this.security = security;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // The origin check (same origin unless configured) runs before the handshake's own.
        registry.addHandler(access.limited(socket), "/ws/attendance/*")
                .setAllowedOriginPatterns(security.allowedOrigins().toArray(String[]::new))
                .addInterceptors(access.handshake());
    }
}
