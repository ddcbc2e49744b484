package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerMode;
import com.attendancelive.broker.BrokerProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import java.util.List;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The small differences between brokers that the relay has to paper over, so that clients see the
 * same destinations whichever broker runs behind the application:
 * <ul>
 * <li>RabbitMQ refuses {@code /} inside a topic or queue name. With {@code attendance.broker.topic-separator=.}
 * a destination the application sends to the broker is spelled with {@code .} after its
 * {@code /topic/} or {@code /queue/} prefix. Class topics never reach the broker under their own
 * name ({@link ClassTopicFanOut}), and the application's other broker destinations hold no {@code /}
 * there, so today the setting changes nothing; it keeps a future destination from breaking RabbitMQ.</li>
 * <li>Artemis marks each MESSAGE with {@code destination-type:MULTICAST}. Spring re-sends a message that
 * arrived on the unresolved-user broadcast topic with the headers it came with, and Artemis would then
 * route that header's way, to a multicast address instead of the user's anycast queue: the
 * message would be lost. Messages the application sends to the broker never carry the header.</li>
 * <li>Instances share their user registries as JSON on the broker. Spring's snapshot carries a
 * {@code principal} property it cannot read back, so with the application's strict JSON settings
 * ({@code fail-on-unknown-properties}, meant for request bodies) every snapshot was dropped and a
 * user with sessions on two instances got user messages on one only. The snapshot gets a converter
 * of its own that ignores unknown properties; every other payload keeps the strict one.</li>
 * </ul>
 * Ordered last, after {@link StompBrokerConfiguration} has mapped class topics on the broker channel.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
class BrokerInteroperability implements WebSocketMessageBrokerConfigurer {

    static final String DESTINATION_TYPE_HEADER = "destination-type";

    private final BrokerProperties broker;
    private final DestinationNames names;

    BrokerInteroperability(BrokerProperties broker) {
        this.broker = broker;
        this.names = new DestinationNames(broker.topicSeparator());
    }

    private boolean relayed() {
        return broker.mode() != BrokerMode.SIMPLE;
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        if (relayed()) {
            registry.configureBrokerChannel().interceptors(new ChannelInterceptor() {
                @Override
                public Message<?> preSend(Message<?> message, MessageChannel channel) {
                    if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
                        return message;
                    }
                    return forBroker(message);
                }
            });
        }
    }

    @Override
    public boolean configureMessageConverters(List<MessageConverter> messageConverters) {
        messageConverters.add(0, new UserRegistrySnapshotConverter());
        return true;
    }

    /** JSON for Spring's user registry snapshots only, tolerant of the properties it writes but cannot read. */
    static final class UserRegistrySnapshotConverter extends JacksonJsonMessageConverter {

        static final String SNAPSHOT_CLASS = "org.springframework.messaging.simp.user.MultiServerUserRegistry$UserRegistrySnapshot";

        UserRegistrySnapshotConverter() {
            super(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        }

        @Override
        protected boolean supports(Class<?> type) {
            return SNAPSHOT_CLASS.equals(type.getName());
        }

        // The Jackson converter's own checks accept any type: this one declines all but the snapshot.
        @Override
        protected boolean canConvertFrom(Message<?> message, Class<?> targetClass) {
            return targetClass != null && supports(targetClass) && super.canConvertFrom(message, targetClass);
        }

        @Override
        protected boolean canConvertTo(Object payload, MessageHeaders headers) {
            return supports(payload.getClass()) && super.canConvertTo(payload, headers);
        }
    }

    private Message<?> forBroker(Message<?> message) {
        String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        String mapped = destination == null ? null : names.toBroker(destination);
        boolean renamed = mapped != null && !mapped.equals(destination);
        // A plain copy, not a StompHeaderAccessor: the relay and the STOMP handler wrap it in their own
        // mutable accessor, as they do with what SimpMessagingTemplate sends.
        SimpMessageHeaderAccessor copy = SimpMessageHeaderAccessor.wrap(message);
        boolean typed = copy.getFirstNativeHeader(DESTINATION_TYPE_HEADER) != null;
        if (!renamed && !typed) {
            return message;
        }
        if (renamed) {
            copy.setDestination(mapped);
            if (copy.getFirstNativeHeader(StompHeaderAccessor.STOMP_DESTINATION_HEADER) != null) {
                copy.setNativeHeader(StompHeaderAccessor.STOMP_DESTINATION_HEADER, mapped);
            }
        }
        if (typed) {
            copy.removeNativeHeader(DESTINATION_TYPE_HEADER);
        }
        return MessageBuilder.createMessage(message.getPayload(), copy.getMessageHeaders());
    }

    /** The application's destination names and their broker-side spelling. */
    static final class DestinationNames {

        private static final String[] PREFIXES = {"/topic/", "/queue/"};

        private final char separator;

        DestinationNames(String separator) {
            this.separator = separator.charAt(0);
        }

        String toBroker(String destination) {
            if (separator == '/') {
                return destination;
            }
            for (String prefix : PREFIXES) {
                if (destination.startsWith(prefix)) {
                    return prefix + destination.substring(prefix.length()).replace('/', separator);
                }
            }
            return destination;
        }
    }
}
