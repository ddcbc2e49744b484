package com.attendancelive.capacity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Applies {@link CapacityProperties} to Spring's STOMP channels and Tomcat's WebSocket container. */
@Configuration(proxyBeanMethods = false)
class StompCapacityConfiguration implements WebSocketMessageBrokerConfigurer {

    private final CapacityProperties capacity;

    StompCapacityConfiguration(CapacityProperties capacity) {
        this.capacity = capacity;
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        if (capacity.inboundThreads() > 0) {
            registration.taskExecutor().corePoolSize(capacity.inboundThreads()).maxPoolSize(capacity.inboundThreads());
        }
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        if (capacity.outboundThreads() > 0) {
            registration.taskExecutor().corePoolSize(capacity.outboundThreads()).maxPoolSize(capacity.outboundThreads());
        }
    }

    /** Tomcat allocates these buffers for every WebSocket session, so they are per-session memory. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int buffer = (int) capacity.webSocketBufferSize().toBytes();
        container.setMaxTextMessageBufferSize(buffer);
        container.setMaxBinaryMessageBufferSize(buffer);
        return container;
    }
}
