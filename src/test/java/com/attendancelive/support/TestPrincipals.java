package com.attendancelive.support;

import java.security.Principal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * For tests of user destinations across instances that must run with or without the real
 * authentication: an extra source for {@link AppInstance#start} that gives a STOMP session the
 * principal named in its {@code test-user} CONNECT header, but only when nothing before it (the
 * real token authentication, ordered first) has set one. Never part of the application.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
public class TestPrincipals implements WebSocketMessageBrokerConfigurer {

    public static final String HEADER = "test-user";

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
                if (accessor != null && accessor.getCommand() == StompCommand.CONNECT && accessor.getUser() == null) {
                    String name = accessor.getFirstNativeHeader(HEADER);
                    if (name != null) {
                        accessor.setUser(new NamedPrincipal(name));
                    }
                }
                return message;
            }
        });
    }

    record NamedPrincipal(String getName) implements Principal {
    }
}
