package com.attendancelive.capacity;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Applies {@link CapacityProperties} to Spring's STOMP channels and to Tomcat. Every buffer here is
 * allocated once per WebSocket session, so together they are most of a session's memory.
 */
@Configuration(proxyBeanMethods = false)
class StompCapacityConfiguration implements WebSocketMessageBrokerConfigurer, Ordered {

    /** Tomcat reads it once, when its WebSocket classes load: the size of each session's frame buffers. */
    static final String TOMCAT_WEB_SOCKET_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private final CapacityProperties capacity;

    StompCapacityConfiguration(CapacityProperties capacity) {
        this.capacity = capacity;
    }

    /**
     * Each client channel gets its own threads. Spring Boot would otherwise hand both channels the
     * application's only {@code AsyncTaskExecutor}, here the event delivery threads: a write blocked on
     * a stalled client, or a delivery waiting for the broker's receipt, would then hold up every
     * client's frames. Runs after Boot's configurer (order 0), so these are the executors used.
     */
    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.executor(channelThreads("clientInboundChannel-", capacity.inboundThreads()));
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(channelThreads("clientOutboundChannel-", capacity.outboundThreads()));
    }

    /**
     * Spring's default channel pool (2 x cores, unbounded queue) unless a size is configured. Spring
     * registers it as the channel's executor bean, which starts and stops it.
     */
    private static ThreadPoolTaskExecutor channelThreads(String threadNamePrefix, int threads) {
        int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors() * 2;
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(size);
        executor.setMaxPoolSize(size);
        executor.setAllowCoreThreadTimeOut(true);
        executor.setThreadNamePrefix(threadNamePrefix);
        return executor;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The session's text message buffer, which Spring's STOMP handler enlarges. */
    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        int textBufferSize = webSocketBufferSize();
        registration.addDecoratorFactory(handler -> new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                super.afterConnectionEstablished(session);
                // Spring's STOMP handler has just raised it to 16 KB + 256 characters (33 KB of heap);
                // Tomcat allocates it at the first message, so setting it back here is what counts.
                session.setTextMessageSizeLimit(textBufferSize);
            }
        });
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(webSocketBufferSize());
        container.setMaxBinaryMessageBufferSize(webSocketBufferSize());
        return container;
    }

    /** Runs before Tomcat starts, so before its WebSocket classes read their buffer size. */
    @Bean
    TomcatConnectorCustomizer connectionBuffers() {
        if (System.getProperty(TOMCAT_WEB_SOCKET_BUFFER_SIZE) == null) {
            System.setProperty(TOMCAT_WEB_SOCKET_BUFFER_SIZE, String.valueOf(webSocketBufferSize()));
        }
        String connectionBufferSize = String.valueOf(capacity.connectionBufferSize().toBytes());
        return connector -> {
            connector.setProperty("socket.appReadBufSize", connectionBufferSize);
            connector.setProperty("socket.appWriteBufSize", connectionBufferSize);
        };
    }

    private int webSocketBufferSize() {
        return Math.toIntExact(capacity.webSocketBufferSize().toBytes());
    }
}
