package com.attendancelive.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Counts STOMP frames per type on the client inbound channel (frames from browsers that every
 * earlier interceptor, security included, let through) and the client outbound channel (frames
 * written to browsers). The transport module puts them last, so that they see what the other
 * interceptors accept.
 */
@Component
public final class MessageCounting {

    static final String METRIC = "attendance.stomp.messages";

    private final ChannelInterceptor inbound;
    private final ChannelInterceptor outbound;

    MessageCounting(MeterRegistry registry) {
        this.inbound = new CountingInterceptor(registry, "inbound");
        this.outbound = new CountingInterceptor(registry, "outbound");
    }

    /** Last on the client inbound channel. */
    public ChannelInterceptor inbound() {
        return inbound;
    }

    /** Last on the client outbound channel. */
    public ChannelInterceptor outbound() {
        return outbound;
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
