package com.attendancelive.realtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * With a relay, hands class-topic events to this instance's subscribers itself, so that the broker
 * carries an event once per instance rather than once per subscriber (and the relay does not read
 * it back once per subscriber).
 *
 * <ul>
 * <li>What the application sends to {@code /topic/attendance/{classId}} leaves for the broker as one
 * message on {@value #CLASS_EVENTS_DESTINATION}, with the class in the {@value #CLASS_HEADER} header.</li>
 * <li>Every instance subscribes to that topic on the relay's shared "system" connection, and sends
 * each message on to its own sessions subscribed to the class, each through an ordered channel (so
 * events reach a session in the order they came from the broker).</li>
 * <li>Client SUBSCRIBE and UNSUBSCRIBE frames for class topics, once authorized, are handled here
 * (with a RECEIPT when asked for) and hidden from the relay: the broker holds no subscription per
 * session for them. User queues ({@code /user/queue/...}) still go through the relay per session.</li>
 * <li>When the relay loses the system connection, events can pass the broker without reaching this
 * instance, so every session subscribed to a class gets an ERROR frame and is closed: a client
 * reconnects and catches up with {@code GET /api/classes/{classId}/events?afterSeq=N}, as after
 * any disconnect.</li>
 * </ul>
 * With Spring's simple broker none of this applies: it fans out in memory anyway.
 */
@Component
class ClassTopicFanOut implements ExecutorChannelInterceptor, MessageHandler, SmartInitializingSingleton {

    /** Where class events travel on the broker: one topic for all classes. Clients may not subscribe to it. */
    static final String CLASS_EVENTS_DESTINATION = "/topic/attendance-class-events";
    /** A Java identifier, so that every broker keeps it as a message property. */
    static final String CLASS_HEADER = "attendanceClass";
    static final String CONNECTION_LOST = "live updates interrupted: the server lost its broker connection; "
            + "reconnect and catch up with GET /api/classes/{classId}/events?afterSeq=N";

    private static final Pattern CLASS_TOPIC = Pattern.compile(
            Pattern.quote(AttendanceEventDelivery.CLASS_TOPIC) + "([A-Za-z0-9_-]{1,64})");
    private static final Pattern CLASS_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Marks a client frame handled here, which the relay must not see. */
    private static final String HANDLED_HERE = "attendanceClassTopicFrame";
    private static final byte[] EMPTY = new byte[0];
    private static final Log log = LogFactory.getLog(ClassTopicFanOut.class);

    private final ClassSubscriptions subscriptions = new ClassSubscriptions();
    /** One ordered channel per session: events and receipts reach a session in the order sent here. */
    private final Map<String, MessageChannel> sessionChannels = new ConcurrentHashMap<>();
    private final ObjectProvider<MessageChannel> clientOutboundChannel;
    private final ObjectProvider<AbstractBrokerMessageHandler> brokers;

    ClassTopicFanOut(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel,
            ObjectProvider<AbstractBrokerMessageHandler> brokers) {
        this.clientOutboundChannel = clientOutboundChannel;
        this.brokers = brokers;
    }

    /** Subscribes to the class events on the relay's system connection (before the relay starts). */
    @Override
    public void afterSingletonsInstantiated() {
        brokers.stream()
                .filter(StompBrokerRelayMessageHandler.class::isInstance)
                .map(StompBrokerRelayMessageHandler.class::cast)
                .forEach(relay -> relay.getSystemSubscriptions().put(CLASS_EVENTS_DESTINATION, this));
    }

    /** For the broker channel: a message for a class topic goes to the broker's class events topic. */
    ChannelInterceptor classTopicToBroker() {
        return new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
                    return message;
                }
                String classId = classIdOf(SimpMessageHeaderAccessor.getDestination(message.getHeaders()));
                if (classId == null) {
                    return message;
                }
                // A plain copy: the relay wraps it in its own accessor, as it does what SimpMessagingTemplate sends.
                SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(message);
                headers.setDestination(CLASS_EVENTS_DESTINATION);
                headers.setNativeHeader(CLASS_HEADER, classId);
                if (headers.getFirstNativeHeader(StompHeaderAccessor.STOMP_DESTINATION_HEADER) != null) {
                    headers.setNativeHeader(StompHeaderAccessor.STOMP_DESTINATION_HEADER, CLASS_EVENTS_DESTINATION);
                }
                return MessageBuilder.createMessage(message.getPayload(), headers.getMessageHeaders());
            }
        };
    }

    /** Client frames, after authorization: class-topic subscriptions are kept here. */
    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getSessionId() == null || accessor.getSubscriptionId() == null) {
            return message;
        }
        if (accessor.getCommand() == StompCommand.SUBSCRIBE) {
            String classId = classIdOf(accessor.getDestination());
            if (classId != null) {
                sessionChannels.computeIfAbsent(accessor.getSessionId(),
                        id -> new OrderedMessageChannelDecorator(clientOutboundChannel.getObject(), log));
                subscriptions.add(accessor.getSessionId(), accessor.getSubscriptionId(), classId);
                return handledHere(message);
            }
        }
        else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE
                && subscriptions.remove(accessor.getSessionId(), accessor.getSubscriptionId())) {
            return handledHere(message);
        }
        return message;
    }

    @Override
    public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
        if (!isHandledHere(message)) {
            return;
        }
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (sent && ex == null && accessor.getReceipt() != null) {
            StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
            receipt.setSessionId(accessor.getSessionId());
            receipt.setReceiptId(accessor.getReceipt());
            receipt.setLeaveMutable(true);
            sendTo(accessor.getSessionId(), MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
        }
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        return handler instanceof StompBrokerRelayMessageHandler && isHandledHere(message) ? null : message;
    }

    /** A class event from the broker, on the relay's system connection. */
    @Override
    public void handleMessage(Message<?> message) {
        String classId = NativeMessageHeaderAccessor.getFirstNativeHeader(CLASS_HEADER, message.getHeaders());
        if (classId == null || !CLASS_ID.matcher(classId).matches()) {
            log.warn("Dropped a message on " + CLASS_EVENTS_DESTINATION + " without a valid " + CLASS_HEADER + " header");
            return;
        }
        String destination = AttendanceEventDelivery.CLASS_TOPIC + classId;
        Object contentType = message.getHeaders().get(MessageHeaders.CONTENT_TYPE);
        for (ClassSubscriptions.Subscriber subscriber : subscriptions.ofClass(classId)) {
            SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
            headers.setSessionId(subscriber.sessionId());
            headers.setSubscriptionId(subscriber.subscriptionId());
            headers.setDestination(destination);
            if (contentType instanceof MimeType mimeType) {
                headers.setContentType(mimeType);
            }
            headers.setLeaveMutable(true);
            sendTo(subscriber.sessionId(), MessageBuilder.createMessage(message.getPayload(), headers.getMessageHeaders()));
        }
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        subscriptions.removeSession(event.getSessionId());
        sessionChannels.remove(event.getSessionId());
    }

    @EventListener
    void onBrokerAvailability(BrokerAvailabilityEvent event) {
        if (event.isBrokerAvailable()) {
            return;
        }
        for (String sessionId : subscriptions.sessions()) {
            if (subscriptions.removeSession(sessionId)) {
                StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
                error.setSessionId(sessionId);
                error.setMessage(CONNECTION_LOST);
                error.setLeaveMutable(true);
                sendTo(sessionId, MessageBuilder.createMessage(EMPTY, error.getMessageHeaders()));
            }
        }
    }

    /**
     * {@code message}'s headers must be left mutable: the ordered channel adds one. A session that
     * has disconnected meanwhile has no channel any more and gets nothing (nor a new channel).
     */
    private void sendTo(String sessionId, Message<?> message) {
        MessageChannel channel = sessionChannels.get(sessionId);
        if (channel == null) {
            return;
        }
        try {
            channel.send(message);
        }
        catch (RuntimeException ex) {
            log.debug("Could not send to STOMP session " + sessionId + ": " + ex);
        }
    }

    private static String classIdOf(String destination) {
        if (destination == null || !destination.startsWith(AttendanceEventDelivery.CLASS_TOPIC)) {
            return null;
        }
        Matcher matcher = CLASS_TOPIC.matcher(destination);
        if (!matcher.matches()) {
            // the security module refuses these first; never let one through to the broker
            throw new IllegalArgumentException("not a class topic");
        }
        return matcher.group(1);
    }

    private static Message<?> handledHere(Message<?> message) {
        StompHeaderAccessor headers = StompHeaderAccessor.wrap(message);
        headers.setHeader(HANDLED_HERE, Boolean.TRUE);
        return MessageBuilder.createMessage(message.getPayload(), headers.getMessageHeaders());
    }

    private static boolean isHandledHere(Message<?> message) {
        return Boolean.TRUE.equals(message.getHeaders().get(HANDLED_HERE));
    }
}
