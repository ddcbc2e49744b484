package com.attendancelive.security;

import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.messaging.access.intercept.MessageAuthorizationContext;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP security: the {@link StompInboundGuard} first (authentication, command/header allowlist,
 * destination grammar), then Spring Security's message authorization, a clear ERROR frame for
 * every refusal, and transport limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketSecurity
class StompSecurityConfiguration {

    /**
     * Replaces Spring Security's CSRF check on CONNECT. That check protects cookie-authenticated
     * sessions from cross-site pages; here the credential is the bearer token inside the CONNECT
     * frame, which a cross-site page cannot read or attach on the user's behalf (docs/security.md).
     */
    @Bean(name = "csrfChannelInterceptor")
    ChannelInterceptor csrfChannelInterceptor() {
        return new ChannelInterceptor() {
        };
    }

    /**
     * Runs after {@link StompInboundGuard}, so destinations here already match the grammar; the
     * class rule reads the raw destination, not a decoded path.
     */
    @Bean
    AuthorizationManager<Message<?>> messageAuthorizationManager(
            MessageMatcherDelegatingAuthorizationManager.Builder messages, ClassAccess classAccess) {
        AuthorizationManager<MessageAuthorizationContext<?>> classTopic = (authentication, context) ->
                new AuthorizationDecision(mayWatch(authentication, context.getMessage(), classAccess));
        return messages
                .simpTypeMatchers(SimpMessageType.DISCONNECT, SimpMessageType.HEARTBEAT).permitAll()
                .simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.UNSUBSCRIBE).authenticated()
                .simpSubscribeDestMatchers(Destinations.USER_ATTENDANCE, Destinations.USER_ERRORS).authenticated()
                .simpSubscribeDestMatchers(Destinations.CLASS_TOPIC_PREFIX + "*").access(classTopic)
                .simpMessageDestMatchers("/app/**").authenticated()
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
    StompInboundGuard stompInboundGuard(BearerTokens tokens, LiveSessions sessions, SecurityProperties properties) {
        return new StompInboundGuard(tokens, sessions, properties);
    }

    @Bean
    SessionLimit sessionLimit(SecurityProperties properties) {
        return new SessionLimit(properties.maxSessions());
    }

    @Bean
    ConnectDeadline connectDeadline(SecurityProperties properties) {
        return new ConnectDeadline(properties.timeToFirstMessage());
    }

    /** Ordered before Spring Security's configurer ({@code HIGHEST_PRECEDENCE + 100}), so the guard runs first. */
    @Configuration(proxyBeanMethods = false)
    @Order(Ordered.HIGHEST_PRECEDENCE + 99)
    static class StompGuardConfigurer implements WebSocketMessageBrokerConfigurer {

        private final StompInboundGuard guard;
        private final SecurityProperties properties;
        private final SessionLimit sessionLimit;
        private final LiveSessions sessions;
        private final ConnectDeadline connectDeadline;

        StompGuardConfigurer(StompInboundGuard guard, SecurityProperties properties, SessionLimit sessionLimit,
                LiveSessions sessions, ConnectDeadline connectDeadline) {
            this.guard = guard;
            this.properties = properties;
            this.sessionLimit = sessionLimit;
            this.sessions = sessions;
            this.connectDeadline = connectDeadline;
        }

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.setErrorHandler(new StompErrorHandler(sessions));
        }

        @Override
        public void configureClientInboundChannel(ChannelRegistration registration) {
            registration.interceptors(guard);
        }

        @Override
        public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
            registration.setMessageSizeLimit((int) properties.maxFrameSize().toBytes())
                    .setSendBufferSizeLimit((int) properties.sendBufferSizeLimit().toBytes())
                    .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
                    .setTimeToFirstMessage((int) properties.timeToFirstMessage().toMillis())
                    .addDecoratorFactory(sessionLimit::decorate)
                    .addDecoratorFactory(connectDeadline::decorate)
                    .addDecoratorFactory(InboundWebSocketSession::decorate);
        }
    }
}
