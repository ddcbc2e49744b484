package com.attendancelive.capacity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.filter.OncePerRequestFilter;
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

    /** Tomcat reads it once, when its WebSocket classes load: the size of each session's frame read, write and encoding buffers. */
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
        String connectionBufferSize = String.valueOf(capacity.connectionBufferSize().toBytes());
        if (System.getProperty(TOMCAT_WEB_SOCKET_BUFFER_SIZE) == null) {
            System.setProperty(TOMCAT_WEB_SOCKET_BUFFER_SIZE, connectionBufferSize);
        }
        return connector -> {
            connector.setProperty("socket.appReadBufSize", connectionBufferSize);
            connector.setProperty("socket.appWriteBufSize", connectionBufferSize);
        };
    }

    /**
     * Without compression unless configured: permessage-deflate gives each session a zlib deflater and
     * inflater, 60-150 KB more resident memory per session (docs/benchmarks.md), to compress events of a
     * few hundred bytes. Tomcat accepts the offer of every browser by itself, so the offer is hidden from it.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webSocketCompressionOffers() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(new WithoutWebSocketExtensionOffers(request), response);
            }
        });
        registration.addUrlPatterns("/ws/*");
        registration.setEnabled(!capacity.webSocketCompression());
        return registration;
    }

    /** The request without its {@code Sec-WebSocket-Extensions} headers. */
    private static final class WithoutWebSocketExtensionOffers extends HttpServletRequestWrapper {

        private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

        WithoutWebSocketExtensionOffers(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !EXTENSIONS.equalsIgnoreCase(name)).toList());
        }
    }

    private int webSocketBufferSize() {
        return Math.toIntExact(capacity.webSocketBufferSize().toBytes());
    }
}
