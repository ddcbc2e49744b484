package com.attendancelive.realtime;

import com.attendancelive.shared.Protocol;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * This instance's subscribers of attendance events, and the hand-over of each event to them
 * (STOMP subscriptions, and the plain route's sessions, {@link PlainAttendanceSocket}).
 *
 * <p>A client's SUBSCRIBE to {@code /topic/attendance/{classId}} or {@code /user/queue/attendance},
 * once the security module's interceptors have let it through, is kept here (with a RECEIPT when
 * asked for) and hidden from Spring's in-memory broker and user destination resolution. What the
 * application sends with {@code SimpMessagingTemplate} to {@code /topic/attendance/{classId}} or to
 * {@code /user/{name}/queue/attendance} is taken off the broker channel here ({@link #fromApplication})
 * and handed to those subscribers; {@link ClassFeeds} sends each event that way once, in seq order.
 * Every message to a session goes through one ordered channel per session, so a session receives
 * them in the order they were sent.
 *
 * <p>Every other frame that asks for a receipt gets one once Spring's in-memory broker has handled
 * it (that broker answers only DISCONNECT's by itself).
 */
@Component
class LocalSubscribers implements ExecutorChannelInterceptor {

    static final String USER_QUEUE = "/queue/attendance";
    /** The seq of an event {@link ClassFeeds} sends, on its message. */
    static final String SEQ_HEADER = "attendanceSeq";
    /** Checked by the security module: a decimal seq. */
    static final String AFTER_SEQ = "after-seq";

    private static final Pattern USER_QUEUE_PATTERN =
            Pattern.compile(Pattern.quote(Protocol.USER_PREFIX) + "/(" + Protocol.IDENTIFIER_GRAMMAR + ")" + Pattern.quote(USER_QUEUE));
    /** On a SUBSCRIBE with {@code after-seq}, once handled here: who joins which class, from where. */
    private static final String JOINING = "attendanceJoining";

    private record Joining(SubscriptionTarget target, StompSubscriber subscriber) {
    }

    /** Marks a frame or message handled here, which Spring's broker and user destination handler must not see. */
    private static final String HANDLED_HERE = "attendanceSubscriptionFrame";
    private static final byte[] EMPTY = new byte[0];
    private static final Log log = LogFactory.getLog(LocalSubscribers.class);

    private final Map<String, LocalStompSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> byClass = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final ObjectProvider<MessageChannel> clientOutboundChannel;
    private final ObjectProvider<ClassFeeds> feeds;

    LocalSubscribers(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel,
            ObjectProvider<ClassFeeds> feeds) {
        this.clientOutboundChannel = clientOutboundChannel;
        this.feeds = feeds;
    }

    /** Client frames, after authorization. */
    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getSessionId() == null || accessor.getSubscriptionId() == null) {
            return message;
        }
        if (accessor.getCommand() == StompCommand.SUBSCRIBE) {
            SubscriptionTarget target = SubscriptionTarget.of(accessor.getDestination(), accessor.getUser(),
                    accessor.getFirstNativeHeader(AFTER_SEQ));
            if (target != null) {
                StompSubscriber subscriber = add(accessor.getSessionId(), accessor.getSubscriptionId(), target);
                return handledHere(message, subscriber == null || target.afterSeq() == null ? null
                        : new Joining(target, subscriber));
            }
        }
        else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE
                && remove(accessor.getSessionId(), accessor.getSubscriptionId())) {
            return handledHere(message, null);
        }
        return message;
    }

    /** The RECEIPT first, then (for a SUBSCRIBE with {@code after-seq}) the replay. */
    @Override
    public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
        if (isHandledHere(message) && sent && ex == null) {
            sendReceipt(message);
            if (message.getHeaders().get(JOINING) instanceof Joining joining) {
                feeds.getObject().join(joining.target().key(), joining.target().afterSeq(), joining.subscriber());
            }
        }
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        boolean spring = handler instanceof SimpleBrokerMessageHandler || handler instanceof UserDestinationMessageHandler;
        return spring && isHandledHere(message) ? null : message;
    }

    /** Receipts for frames Spring's broker handled (a SUBSCRIBE to {@code /user/queue/errors}, a SEND to {@code /app}). */
    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (!(handler instanceof SimpleBrokerMessageHandler) || ex != null || isHandledHere(message)) {
            return;
        }
        StompCommand command = StompHeaderAccessor.wrap(message).getCommand();
        if (command == StompCommand.SUBSCRIBE || command == StompCommand.UNSUBSCRIBE || command == StompCommand.SEND) {
            sendReceipt(message);
        }
    }

    /**
     * For the broker channel: messages the application sends to a class topic or a user's attendance
     * queue go to the subscribers kept here, and no further.
     */
    ChannelInterceptor fromApplication() {
        return new ExecutorChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                MessageHeaders headers = message.getHeaders();
                String destination = SimpMessageHeaderAccessor.getDestination(headers);
                if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE || destination == null
                        || SimpMessageHeaderAccessor.getSessionId(headers) != null) {
                    return message;
                }
                Matcher classTopic = Protocol.CLASS_TOPIC.matcher(destination);
                if (classTopic.matches()) {
                    sendToAll(byClass.get(classTopic.group(1)), message);
                    return MessageBuilder.fromMessage(message).setHeader(HANDLED_HERE, Boolean.TRUE).build();
                }
                Matcher userQueue = USER_QUEUE_PATTERN.matcher(destination);
                if (userQueue.matches()) {
                    sendToAll(byUser.get(userQueue.group(1)), message);
                    return MessageBuilder.fromMessage(message).setHeader(HANDLED_HERE, Boolean.TRUE).build();
                }
                return message;
            }

            // The broker channel runs its handlers on the sending thread, after this.
            @Override
            public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
                return isHandledHere(message) ? null : message;
            }
        };
    }

    /** For the client outbound channel: tells a replay that one of its messages has been written ({@link Subscriber}). */
    ChannelInterceptor replayPacing() {
        return new ReplayPacing();
    }

    private void sendToAll(Set<Subscriber> subscribers, Message<?> message) {
        if (subscribers == null) {
            return;
        }
        Object contentType = message.getHeaders().get(MessageHeaders.CONTENT_TYPE);
        Long seq = message.getHeaders().get(SEQ_HEADER, Long.class);
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(message.getPayload(), contentType, seq);
        }
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        LocalStompSession session = sessions.remove(event.getSessionId());
        if (session == null) {
            return;
        }
        synchronized (session) {
            session.closed = true;
            session.bySubscription.forEach((id, target) -> unindex(session, id, target));
            session.bySubscription.clear();
        }
    }

    /**
     * A subscriber of one class's events from outside STOMP (the plain route), from now on: with a
     * replay first when {@code afterSeq} is given. {@link #unwatchClass} ends it.
     */
    void watchClass(String classId, Long afterSeq, Subscriber subscriber) {
        byClass.computeIfAbsent(classId, key -> ConcurrentHashMap.newKeySet()).add(subscriber);
        if (afterSeq != null) {
            feeds.getObject().join(classId, afterSeq, subscriber);
        }
    }

    void unwatchClass(String classId, Subscriber subscriber) {
        byClass.computeIfPresent(classId, (key, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    /** The subscriber added, or null when its session has ended meanwhile. */
    private StompSubscriber add(String sessionId, String subscriptionId, SubscriptionTarget target) {
        LocalStompSession session = sessions.computeIfAbsent(sessionId,
                id -> new LocalStompSession(id, new OrderedMessageChannelDecorator(clientOutboundChannel.getObject(), log)));
        StompSubscriber subscriber = new StompSubscriber(session, subscriptionId, target.destination(), target.afterSeq() != null);
        synchronized (session) {
            if (session.closed) {
                return null; // a SUBSCRIBE that lost the race with its session's end
            }
            SubscriptionTarget previous = session.bySubscription.put(subscriptionId, target);
            if (previous != null) {
                unindex(session, subscriptionId, previous);
            }
            index(target).computeIfAbsent(target.key(), key -> ConcurrentHashMap.newKeySet()).add(subscriber);
        }
        return subscriber;
    }

    private boolean remove(String sessionId, String subscriptionId) {
        LocalStompSession session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            SubscriptionTarget target = session.bySubscription.remove(subscriptionId);
            if (target == null) {
                return false;
            }
            unindex(session, subscriptionId, target);
            return true;
        }
    }

    private void unindex(LocalStompSession session, String subscriptionId, SubscriptionTarget target) {
        index(target).computeIfPresent(target.key(), (key, subscribers) -> {
            subscribers.remove(new StompSubscriber(session, subscriptionId));
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    private Map<String, Set<Subscriber>> index(SubscriptionTarget target) {
        return target.classTopic() ? byClass : byUser;
    }

    private void sendReceipt(Message<?> message) {
        StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
        if (accessor.getReceipt() == null || accessor.getSessionId() == null) {
            return;
        }
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setSessionId(accessor.getSessionId());
        receipt.setReceiptId(accessor.getReceipt());
        receipt.setLeaveMutable(true);
        LocalStompSession session = sessions.get(accessor.getSessionId());
        MessageChannel channel = session != null ? session.channel : clientOutboundChannel.getObject();
        LocalStompSession.sendTo(channel, accessor.getSessionId(),
                MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
    }


    /** A copy that keeps its STOMP accessor: the interceptors after this one read it. */
    private static Message<?> handledHere(Message<?> message, Joining joining) {
        StompHeaderAccessor headers = StompHeaderAccessor.wrap(message);
        headers.setHeader(HANDLED_HERE, Boolean.TRUE);
        if (joining != null) {
            headers.setHeader(JOINING, joining);
        }
        return MessageBuilder.createMessage(message.getPayload(), headers.getMessageHeaders());
    }

    private static boolean isHandledHere(Message<?> message) {
        return Boolean.TRUE.equals(message.getHeaders().get(HANDLED_HERE));
    }
}
