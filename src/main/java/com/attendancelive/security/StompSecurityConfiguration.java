package com.attendancelive.security;

import com.attendancelive.shared.Protocol;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.security.messaging.access.intercept.MessageAuthorizationContext;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.security.messaging.context.SecurityContextChannelInterceptor;

/**
 * STOMP security: the {@link StompInboundGuard} first (authentication, command/header allowlist,
 * destination grammar), then Spring Security's message authorization and a clear ERROR frame for
 * every refusal; the transport module puts them in place ({@link WebSocketSecurity}). Spring
 * Security's interceptors are made here rather than by {@code @EnableWebSocketSecurity}, whose own
 * configurer would need the guard's configurer ordered before it: the transport lists them all in
 * one place. Spring's CSRF check on CONNECT is left out: it protects cookie-authenticated sessions
 * from cross-site pages, and here the credential is the bearer token inside the CONNECT frame,
 * which a cross-site page cannot read or attach on the user's behalf (docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
class StompSecurityConfiguration {

    /**
     * Runs after {@link StompInboundGuard}, so destinations here already match the grammar; the
     * class rule reads the raw destination, not a decoded path.
     */
    @Bean
    AuthorizationManager<Message<?>> messageAuthorizationManager(ClassAccess classAccess) {
        AuthorizationManager<MessageAuthorizationContext<?>> classTopic = (authentication, context) ->
                new AuthorizationDecision(mayWatch(authentication, context.getMessage(), classAccess));
        return MessageMatcherDelegatingAuthorizationManager.builder()
                .simpTypeMatchers(SimpMessageType.DISCONNECT, SimpMessageType.HEARTBEAT).permitAll()
                .simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.UNSUBSCRIBE).authenticated()
                .simpSubscribeDestMatchers(Protocol.USER_ATTENDANCE, Protocol.USER_ERRORS).authenticated()
                .simpSubscribeDestMatchers(Protocol.CLASS_TOPIC_PREFIX + "*").access(classTopic)
                .simpMessageDestMatchers(Protocol.APP_PREFIX + "/**").authenticated()
                .anyMessage().denyAll()
                .build();
    }

    private static boolean mayWatch(Supplier<? extends Authentication> authentication, Message<?> message,
            ClassAccess classAccess) {
        Authentication user = authentication.get();
        if (user == null || !user.isAuthenticated()) {
            return false;
        }
        return Destinations.classIdOf(SimpMessageHeaderAccessor.getDestination(message.getHeaders()))
                .map(classId -> classAccess.mayWatch(user.getName(), user.getAuthorities(), classId))
                .orElse(false);
    }

    @Bean
    StompInboundGuard stompInboundGuard(BearerTokens tokens, LiveSessions sessions) {
        return new StompInboundGuard(tokens, sessions);
    }

    @Bean
    ConnectDeadline connectDeadline(SecurityProperties properties) {
        return new ConnectDeadline(properties.timeToFirstMessage());
    }

    @Bean
    WebSocketSecurity webSocketSecurity(StompInboundGuard guard, AuthorizationManager<Message<?>> messageAuthorizationManager,
            ApplicationEventPublisher events, LiveSessions sessions, ConnectDeadline connectDeadline,
            PlainSocketAccess plainSocketAccess, SecurityProperties properties) {
        AuthorizationChannelInterceptor authorization = new AuthorizationChannelInterceptor(messageAuthorizationManager);
        authorization.setAuthorizationEventPublisher(new SpringAuthorizationEventPublisher(events));
        return new WebSocketSecurity(guard, List.of(new SecurityContextChannelInterceptor(), authorization),
                new StompErrorHandler(sessions), connectDeadline, plainSocketAccess, properties);
    }
}
