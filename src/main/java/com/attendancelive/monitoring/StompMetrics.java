package com.attendancelive.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import com.attendancelive.broker.BrokerMode;
import com.attendancelive.broker.BrokerProperties;
import com.attendancelive.realtime.BrokerConnectionChanged;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Gauges and counters over Spring's {@link WebSocketMessageBrokerStats} (which otherwise only
 * logs every 30 minutes), the client channels' thread pools and the broker's availability.
 */
@Component
class StompMetrics implements MeterBinder {

    private final WebSocketMessageBrokerStats stats;
    private final SubscriptionTracker subscriptions;
    private final Executor inboundExecutor;
    private final Executor outboundExecutor;
    private volatile boolean brokerAvailable;

    StompMetrics(WebSocketMessageBrokerStats stats, SubscriptionTracker subscriptions, BrokerProperties broker,
            @Qualifier("clientInboundChannelExecutor") Executor inboundExecutor,
            @Qualifier("clientOutboundChannelExecutor") Executor outboundExecutor) {
        this.stats = stats;
        this.brokerAvailable = broker.mode() == BrokerMode.SIMPLE;
        this.subscriptions = subscriptions;
        this.inboundExecutor = inboundExecutor;
        this.outboundExecutor = outboundExecutor;
    }

    @EventListener
    void onBrokerConnection(BrokerConnectionChanged event) {
        this.brokerAvailable = event.connected();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("attendance.stomp.sessions", stats, s -> webSocket(s, SubProtocolWebSocketHandler.Stats::getWebSocketSessions))
                .description("Open STOMP over WebSocket sessions on this instance")
                .register(registry);
        Gauge.builder("attendance.stomp.subscriptions", subscriptions, SubscriptionTracker::subscriptions)
                .description("Active STOMP subscriptions on this instance")
                .register(registry);
        FunctionCounter.builder("attendance.stomp.sessions.closed", stats, s -> webSocket(s, SubProtocolWebSocketHandler.Stats::getLimitExceededSessions))
                .description("Sessions closed because a slow client exceeded the send time or buffer size limit")
                .tag("reason", "send-limit")
                .register(registry);
        FunctionCounter.builder("attendance.stomp.sessions.closed", stats, s -> webSocket(s, SubProtocolWebSocketHandler.Stats::getNoMessagesReceivedSessions))
                .description("Sessions closed because no CONNECT frame arrived in time")
                .tag("reason", "no-connect")
                .register(registry);
        FunctionCounter.builder("attendance.stomp.sessions.closed", stats, s -> webSocket(s, SubProtocolWebSocketHandler.Stats::getTransportErrorSessions))
                .description("Sessions closed after a transport error")
                .tag("reason", "transport-error")
                .register(registry);
        Gauge.builder("attendance.broker.available", this, m -> m.brokerAvailable ? 1 : 0)
                .description("1 while the instance's broker connection is up (always in simple mode, which has no broker)")
                .register(registry);
        executor(registry, "inbound", inboundExecutor);
        executor(registry, "outbound", outboundExecutor);
    }

    private static void executor(MeterRegistry registry, String channel, Executor candidate) {
        if (!(candidate instanceof ThreadPoolTaskExecutor executor)) {
            return;
        }
        Gauge.builder("attendance.stomp.channel.queued", executor, e -> pool(e, p -> p.getQueue().size()))
                .description("Messages waiting for a thread of the client channel")
                .tag("channel", channel)
                .register(registry);
        Gauge.builder("attendance.stomp.channel.active", executor, e -> pool(e, ThreadPoolExecutor::getActiveCount))
                .description("Threads of the client channel busy handling a message")
                .tag("channel", channel)
                .register(registry);
    }

    private static double pool(ThreadPoolTaskExecutor executor, ToDoubleFunction<ThreadPoolExecutor> value) {
        try {
            return value.applyAsDouble(executor.getThreadPoolExecutor());
        }
        catch (IllegalStateException notInitialized) {
            return Double.NaN;
        }
    }

    private static double webSocket(WebSocketMessageBrokerStats stats, ToDoubleFunction<SubProtocolWebSocketHandler.Stats> value) {
        SubProtocolWebSocketHandler.Stats s = stats.getWebSocketSessionStats();
        return s == null ? Double.NaN : value.applyAsDouble(s);
    }

}
