package com.attendancelive.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Counts STOMP frames per type on the client inbound channel (frames from browsers that every
 * earlier interceptor, security included, let through) and the client outbound channel (frames
 * written to browsers). Ordered last so that it sees what the other configurers' interceptors accept.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
class MessageCountingConfiguration implements WebSocketMessageBrokerConfigurer {

    static final String METRIC = "attendance.stomp.messages";

    private final MeterRegistry registry;

    MessageCountingConfiguration(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new CountingInterceptor(registry, "inbound"));
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(new CountingInterceptor(registry, "outbound"));
    }

    /** One counter per message type, created up front: counting is a lookup in an EnumMap. */
    static final class CountingInterceptor implements ChannelInterceptor {

        private final Map<SimpMessageType, Counter> counters = new EnumMap<>(SimpMessageType.class);

        CountingInterceptor(MeterRegistry registry, String direction) {
            for (SimpMessageType type : SimpMessageType.values()) {
                counters.put(type, Counter.builder(METRIC)
                        .description("STOMP frames between this instance and its WebSocket clients")
                        .tag("direction", direction)
                        .tag("type", type.name())
                        .register(registry));
            }
        }

        @Override
        public Message<?> preSend(Message<?> message, MessageChannel channel) {
            SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
            counters.get(type != null ? type : SimpMessageType.OTHER).increment();
            return message;
        }
    }
}
