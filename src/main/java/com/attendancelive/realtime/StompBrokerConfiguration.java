package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerProperties;
import com.attendancelive.security.SecurityProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * STOMP over WebSocket on {@code /ws}, every session served by this instance: Spring's in-memory
 * broker answers CONNECT, heart-beats and DISCONNECT in every broker mode, and attendance
 * subscriptions are kept by {@link LocalSubscribers}, which also takes what the application sends
 * them with {@code SimpMessagingTemplate}. No client frame reaches the shared broker;
 * the instance's one connection to it is {@link BrokerLink}'s. {@code /app} reaches the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class StompBrokerConfiguration implements WebSocketMessageBrokerConfigurer {

    private final BrokerProperties broker;
    private final SecurityProperties security;
    private final LocalSubscribers subscribers;

    StompBrokerConfiguration(BrokerProperties broker, SecurityProperties security, LocalSubscribers subscribers) {
        this.broker = broker;
        this.security = security;
        this.subscribers = subscribers;
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(subscribers);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(subscribers.replayPacing());
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Browsers from other origins only when configured (attendance.security.allowed-origins); same origin otherwise.
        registry.addEndpoint("/ws").setAllowedOriginPatterns(security.allowedOrigins().toArray(String[]::new));
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        // The client outbound channel writes with a thread pool, which can reorder one session's
        // messages; events must reach each client in seq order. A session's next message is released
        // once the previous one is in its send buffer, so the send-buffer and send-time limits still
        // cut a slow or stalled client off (StalledClientTest).
        registry.setPreservePublishOrder(true);
        long heartbeat = broker.heartbeat().toMillis();
        registry.configureBrokerChannel().interceptors(subscribers.fromApplication());
        registry.enableSimpleBroker("/topic", "/queue")
                .setHeartbeatValue(new long[] {heartbeat, heartbeat})
                .setTaskScheduler(heartbeatScheduler());
    }

    private static ThreadPoolTaskScheduler heartbeatScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("stomp-heartbeat-");
        scheduler.initialize();
        return scheduler;
    }
}
