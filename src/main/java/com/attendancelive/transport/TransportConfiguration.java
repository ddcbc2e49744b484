package com.attendancelive.transport;

import com.attendancelive.broker.BrokerProperties;
import com.attendancelive.monitoring.MessageCounting;
import com.attendancelive.realtime.RealtimeChannels;
import com.attendancelive.security.SecurityProperties;
import com.attendancelive.security.WebSocketSecurity;
import com.attendancelive.shared.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The WebSocket transport, all of it here: STOMP over WebSocket on {@code /ws} and the plain route
 * {@code /ws/attendance/{classId}}, the channel interceptors in their order, session, frame and
 * buffer limits (from {@link CapacityProperties} and {@code attendance.security.*}), the thread pools.
 * Every buffer here is allocated once per WebSocket session, so together they are most of a session's memory.
 *
 * <p>Every session is served by this instance: Spring's in-memory broker answers CONNECT, heart-beats
 * and DISCONNECT in every broker mode, and attendance subscriptions are kept by the realtime module,
 * which also takes what the application sends them with {@code SimpMessagingTemplate}. No client frame
 * reaches the shared broker; {@code /app} reaches the application.
 *
 * <p>Ordered after Spring Boot's configurer (order 0), so the executors and limits set here are the ones used.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@EnableWebSocket
@Order(Ordered.LOWEST_PRECEDENCE)
class TransportConfiguration implements WebSocketMessageBrokerConfigurer, WebSocketConfigurer {

    /** Tomcat reads it once, when its WebSocket classes load: the size of each session's frame read, write and encoding buffers. */
    static final String TOMCAT_WEB_SOCKET_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private final CapacityProperties capacity;
    private final SecurityProperties limits;
    private final BrokerProperties broker;
    private final WebSocketSecurity security;
    private final RealtimeChannels realtime;
    private final MessageCounting counting;
    private final SessionLimit sessionLimit;

    TransportConfiguration(CapacityProperties capacity, SecurityProperties limits, BrokerProperties broker,
            WebSocketSecurity security, RealtimeChannels realtime, MessageCounting counting, SessionLimit sessionLimit) {
        this.capacity = capacity;
        this.limits = limits;
        this.broker = broker;
        this.security = security;
        this.realtime = realtime;
        this.counting = counting;
        this.sessionLimit = sessionLimit;
    }

    /**
     * Frames from clients pass these in this order: security's guard and authorization first, so the
     * rest sees only frames that passed; the subscriptions they ask for; the count of what got through.
     */
    private List<ChannelInterceptor> inboundInterceptors() {
        List<ChannelInterceptor> interceptors = new ArrayList<>();
        interceptors.add(security.inboundGuard());
        interceptors.addAll(security.authorization());
        interceptors.add(realtime.subscriptions());
        interceptors.add(counting.inbound());
        return interceptors;
    }

    /** Frames to clients: replay pacing, then the count of frames written. */
    private List<ChannelInterceptor> outboundInterceptors() {
        return List.of(realtime.replayPacing(), counting.outbound());
    }

    /**
     * Each client channel gets its own threads. Spring Boot would otherwise hand both channels the
     * application's only {@code AsyncTaskExecutor}: a write blocked on a stalled client would then
     * hold up every client's frames.
     */
    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(inboundInterceptors().toArray(ChannelInterceptor[]::new))
                .executor(channelThreads("clientInboundChannel-", capacity.inboundThreads()));
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(outboundInterceptors().toArray(ChannelInterceptor[]::new))
                .executor(channelThreads("clientOutboundChannel-", outboundThreads()));
    }

    /**
     * Spring's default channel pool (2 x cores, unbounded queue) unless a size is configured. Spring
     * registers it as the channel's executor bean, which starts and stops it.
     */
    private static ThreadPoolTaskExecutor channelThreads(String threadNamePrefix, int size) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads(size));
        executor.setMaxPoolSize(threads(size));
        executor.setAllowCoreThreadTimeOut(true);
        executor.setThreadNamePrefix(threadNamePrefix);
        return executor;
    }

    private static int threads(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors() * 2;
    }

    private int outboundThreads() {
        return threads(capacity.outboundThreads());
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Browsers from other origins only when configured (attendance.security.allowed-origins); same origin otherwise.
        registry.addEndpoint(Protocol.STOMP_ENDPOINT).setAllowedOriginPatterns(security.allowedOrigins());
        registry.setErrorHandler(security.errorHandler());
    }

    /** The plain route: origins checked first, then security's handshake check; counted against the session limit. */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(sessionLimit.decorate(realtime.plainRoute()), Protocol.PLAIN_ROUTE + "/*")
                .setAllowedOriginPatterns(security.allowedOrigins())
                .addInterceptors(security.plainRouteHandshake());
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes(Protocol.APP_PREFIX);
        registry.setUserDestinationPrefix(Protocol.USER_PREFIX);
        // The client outbound channel writes with a thread pool, which can reorder one session's
        // messages; events must reach each client in seq order. A session's next message is released
        // once the previous one is in its send buffer, so the send-buffer and send-time limits still
        // cut a slow or stalled client off (StalledClientTest).
        registry.setPreservePublishOrder(true);
        long heartbeat = broker.heartbeat().toMillis();
        registry.configureBrokerChannel().interceptors(realtime.fromApplication());
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

    /**
     * The STOMP sessions' limits. Decorators wrap in the order added, the last outermost: the session
     * limit next to Spring's handler, then the CONNECT deadline, the inbound session's name, and the
     * message buffers ({@link StompMessagePieces}).
     */
    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        int bufferSize = bufferSize(capacity);
        registration.setMessageSizeLimit((int) limits.maxFrameSize().toBytes())
                .setSendBufferSizeLimit((int) limits.sendBufferSizeLimit().toBytes())
                .setSendTimeLimit((int) limits.sendTimeLimit().toMillis())
                .setTimeToFirstMessage((int) limits.timeToFirstMessage().toMillis())
                .addDecoratorFactory(sessionLimit::decorate)
                .addDecoratorFactory(security::connectDeadline)
                .addDecoratorFactory(security::namingInboundSession)
                .addDecoratorFactory(handler -> new StompMessagePieces(handler, bufferSize));
    }

    /**
     * Tomcat hands a STOMP session's WebSocket messages over in pieces of the session's message buffer
     * (attendance.capacity.web-socket-buffer-size), so that buffer, allocated for every session, can be
     * small without limiting what a client may send: Spring's STOMP decoder joins the pieces into
     * frames and refuses a frame over attendance.security.max-frame-size, as it does for a frame sent
     * in several messages.
     */
    private static final class StompMessagePieces extends WebSocketHandlerDecorator {

        private final int bufferSize;

        StompMessagePieces(WebSocketHandler handler, int bufferSize) {
            super(handler);
            this.bufferSize = bufferSize;
        }

        @Override
        public boolean supportsPartialMessages() {
            return true;
        }

        @Override
        public void afterConnectionEstablished(WebSocketSession session) throws Exception {
            super.afterConnectionEstablished(session);
            // Spring's STOMP handler has just raised it to 16 KB + 256 characters (33 KB of heap), the
            // largest frame it takes in one piece; Tomcat allocates it at the first message, so setting
            // it back here is what counts.
            session.setTextMessageSizeLimit(bufferSize);
        }
    }

    private static int bufferSize(CapacityProperties capacity) {
        return Math.toIntExact(capacity.webSocketBufferSize().toBytes());
    }

    /**
     * Beans wanted apart from the configurer, so that they need none of its collaborators: Tomcat's
     * buffers (read before the web server starts), the session limit, and the threads the realtime
     * module delivers and writes with.
     */
    @Configuration(proxyBeanMethods = false)
    static class Foundations {

        @Bean
        ServletServerContainerFactoryBean webSocketContainer(CapacityProperties capacity) {
            ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
            container.setMaxTextMessageBufferSize(bufferSize(capacity));
            container.setMaxBinaryMessageBufferSize(bufferSize(capacity));
            return container;
        }

        /** Runs before Tomcat starts, so before its WebSocket classes read their buffer size. */
        @Bean
        TomcatConnectorCustomizer connectionBuffers(CapacityProperties capacity) {
            String connectionBufferSize = String.valueOf(capacity.connectionBufferSize().toBytes());
            if (System.getProperty(TOMCAT_WEB_SOCKET_BUFFER_SIZE) == null) {
                System.setProperty(TOMCAT_WEB_SOCKET_BUFFER_SIZE, connectionBufferSize);
            }
            return connector -> {
                connector.setProperty("socket.appReadBufSize", connectionBufferSize);
                connector.setProperty("socket.appWriteBufSize", connectionBufferSize);
            };
        }

        @Bean
        SessionLimit sessionLimit(SecurityProperties properties) {
            return new SessionLimit(properties.maxSessions());
        }

        /**
         * Fixed size, unbounded queue (it holds at most one batch of tasks per class). Most of their work
         * is handing events to sessions; a gap or a poll also reads the database. Each drains one class
         * at a time and mostly waits, so there are more of them than cores.
         */
        @Bean(RealtimeChannels.DELIVERY_EXECUTOR)
        ThreadPoolTaskExecutor attendanceEventDeliveryExecutor(CapacityProperties capacity) {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(capacity.deliveryThreads());
            executor.setMaxPoolSize(capacity.deliveryThreads());
            executor.setThreadNamePrefix("attendance-delivery-");
            executor.setWaitForTasksToCompleteOnShutdown(true);
            executor.setAwaitTerminationSeconds(5);
            return executor;
        }

        /**
         * Writes to the plain route's sessions, one at a time per session, as the client outbound
         * channel's pool does for STOMP (the same size): a stalled reader holds one of them until it is
         * cut off, never the threads that hand events over.
         */
        @Bean(RealtimeChannels.PLAIN_SEND_EXECUTOR)
        ThreadPoolTaskExecutor plainWebSocketSendExecutor(CapacityProperties capacity) {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(threads(capacity.outboundThreads()));
            executor.setMaxPoolSize(threads(capacity.outboundThreads()));
            executor.setThreadNamePrefix("plain-websocket-send-");
            return executor;
        }
    }
}
