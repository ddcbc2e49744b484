package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerAddress;
import com.attendancelive.broker.BrokerMode;
import com.attendancelive.broker.BrokerProperties;
import com.attendancelive.security.SecurityProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.config.StompBrokerRelayRegistration;
import org.springframework.messaging.simp.stomp.StompReactorNettyCodec;
import org.springframework.messaging.tcp.reactor.ReactorNettyTcpClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * STOMP over WebSocket on {@code /ws}. {@code /app} reaches the application; {@code /topic} and
 * {@code /queue} go to the broker, through the relay unless the mode is {@code simple}. With the
 * relay, class topics are fanned out by {@link ClassTopicFanOut}.
 *
 * <p>Ordered before {@link BrokerInteroperability}: on the broker channel a class topic must become
 * the class events topic before broker names are spelled for the broker.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class StompBrokerConfiguration implements WebSocketMessageBrokerConfigurer {

    /** Where the relay sends user destinations it cannot resolve locally, so another instance can. */
    static final String UNRESOLVED_USER_DESTINATION = "/topic/unresolved-user-destination";
    /** Where each instance broadcasts its local user registry to the others. */
    static final String USER_REGISTRY_BROADCAST = "/topic/simp-user-registry";

    private final BrokerProperties broker;
    private final ObjectProvider<BrokerAddress> brokerAddress;
    private final SecurityProperties security;
    private final BrokerReceipts receipts;
    private final ClassTopicFanOut classTopicFanOut;

    StompBrokerConfiguration(BrokerProperties broker, ObjectProvider<BrokerAddress> brokerAddress,
            SecurityProperties security, BrokerReceipts receipts, ClassTopicFanOut classTopicFanOut) {
        this.broker = broker;
        this.brokerAddress = brokerAddress;
        this.security = security;
        this.receipts = receipts;
        this.classTopicFanOut = classTopicFanOut;
    }

    private boolean relayed() {
        return broker.mode() != BrokerMode.SIMPLE;
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        if (relayed()) {
            registration.interceptors(classTopicFanOut);
        }
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
        if (!relayed()) {
            registry.enableSimpleBroker("/topic", "/queue")
                    .setHeartbeatValue(new long[] {heartbeat, heartbeat})
                    .setTaskScheduler(heartbeatScheduler());
            return;
        }
        RelayDisconnectLogFilter.install();
        registry.configureBrokerChannel().interceptors(classTopicFanOut.classTopicToBroker());
        BrokerAddress address = brokerAddress.getObject();
        StompBrokerRelayRegistration relay = registry.enableStompBrokerRelay("/topic", "/queue")
                .setTcpClient(receipts.watchSystemConnection(new ReactorNettyTcpClient<>(
                        client -> client.remoteAddress(address::socketAddress), new StompReactorNettyCodec())))
                .setClientLogin(broker.login())
                .setClientPasscode(broker.passcode())
                .setSystemLogin(broker.login())
                .setSystemPasscode(broker.passcode())
                .setSystemHeartbeatSendInterval(heartbeat)
                .setSystemHeartbeatReceiveInterval(heartbeat)
                .setUserDestinationBroadcast(UNRESOLVED_USER_DESTINATION)
                .setUserRegistryBroadcast(USER_REGISTRY_BROADCAST);
        if (broker.virtualHost() != null) {
            relay.setVirtualHost(broker.virtualHost());
        }
    }

    private static ThreadPoolTaskScheduler heartbeatScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("stomp-heartbeat-");
        scheduler.initialize();
        return scheduler;
    }
}
