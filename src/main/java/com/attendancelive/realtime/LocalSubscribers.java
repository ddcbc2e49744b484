package com.attendancelive.realtime;

import com.attendancelive.shared.Protocol;
import java.security.Principal;
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
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
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

    static final String CLASS_TOPIC = Protocol.CLASS_TOPIC_PREFIX;
    static final String USER_ATTENDANCE = Protocol.USER_ATTENDANCE;
    static final String USER_QUEUE = "/queue/attendance";
    /** The seq of an event {@link ClassFeeds} sends, on its message. */
    static final String SEQ_HEADER = "attendanceSeq";
    /** Checked by the security module: a decimal seq. */
    static final String AFTER_SEQ = "after-seq";

    /** The contract's identifier grammar (class ids, user names). */
    static final Pattern ID = Protocol.IDENTIFIER;
    private static final Pattern CLASS_TOPIC_PATTERN = Pattern.compile(Pattern.quote(CLASS_TOPIC) + "(" + ID + ")");
    private static final Pattern USER_QUEUE_PATTERN = Pattern.compile("/user/(" + ID + ")" + Pattern.quote(USER_QUEUE));
    /** On a SUBSCRIBE with {@code after-seq}, once handled here: who joins which class, from where. */
    private static final String JOINING = "attendanceJoining";

    private record Joining(Target target, StompSubscriber subscriber) {
    }

    /** On a replayed message: what to run once the client outbound channel has written it. */
    private static final String REPLAY_WRITTEN = "attendanceReplayWritten";

    /** Marks a frame or message handled here, which Spring's broker and user destination handler must not see. */
    private static final String HANDLED_HERE = "attendanceSubscriptionFrame";
    private static final byte[] EMPTY = new byte[0];
    private static final Log log = LogFactory.getLog(LocalSubscribers.class);

    /** A session's subscriptions; its monitor orders adding against the session's end. */
    private static final class LocalSession {

        final String sessionId;
        final MessageChannel channel;
        final Map<String, Target> bySubscription = new ConcurrentHashMap<>();
        boolean closed;

        LocalSession(String sessionId, MessageChannel channel) {
            this.sessionId = sessionId;
            this.channel = channel;
        }
    }

    /** What a subscription receives: one class's events, or the user's own. */
    private record Target(String key, boolean classTopic, Long afterSeq) {

        Target(String key, boolean classTopic) {
            this(key, classTopic, null);
        }

        String destination() {
            return classTopic ? CLASS_TOPIC + key : USER_ATTENDANCE;
        }
    }

    /** A STOMP subscription, equal to another of the same session and id. */
    private static final class StompSubscriber extends Subscriber {

        final LocalSession session;
        final String subscriptionId;
        private final String destination;

        StompSubscriber(LocalSession session, String subscriptionId, String destination, boolean joining) {
            super(joining);
            this.session = session;
            this.subscriptionId = subscriptionId;
            this.destination = destination;
        }

        /** For look-ups by identity only. */
        StompSubscriber(LocalSession session, String subscriptionId) {
            this(session, subscriptionId, null, false);
        }

        @Override
        void deliver(Object payload, Object contentType) {
            send(this, destination, payload, contentType, null);
        }

        @Override
        void deliverReplayed(byte[] json, Runnable written) {
            send(this, destination, json, MimeTypeUtils.APPLICATION_JSON, written);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StompSubscriber that && session == that.session && subscriptionId.equals(that.subscriptionId);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(session) + subscriptionId.hashCode();
        }
    }

    private final Map<String, LocalSession> sessions = new ConcurrentHashMap<>();
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
            Target target = targetOf(accessor.getDestination(), accessor.getUser(), accessor.getFirstNativeHeader(AFTER_SEQ));
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
                Matcher classTopic = CLASS_TOPIC_PATTERN.matcher(destination);
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
        return new ExecutorChannelInterceptor() {
            @Override
            public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
                if (message.getHeaders().get(REPLAY_WRITTEN) instanceof Runnable written) {
                    written.run();
                }
            }
        };
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
        LocalSession session = sessions.remove(event.getSessionId());
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
    private StompSubscriber add(String sessionId, String subscriptionId, Target target) {
        LocalSession session = sessions.computeIfAbsent(sessionId,
                id -> new LocalSession(id, new OrderedMessageChannelDecorator(clientOutboundChannel.getObject(), log)));
        StompSubscriber subscriber = new StompSubscriber(session, subscriptionId, target.destination(), target.afterSeq() != null);
        synchronized (session) {
            if (session.closed) {
                return null; // a SUBSCRIBE that lost the race with its session's end
            }
            Target previous = session.bySubscription.put(subscriptionId, target);
            if (previous != null) {
                unindex(session, subscriptionId, previous);
            }
            index(target).computeIfAbsent(target.key(), key -> ConcurrentHashMap.newKeySet()).add(subscriber);
        }
        return subscriber;
    }

    private boolean remove(String sessionId, String subscriptionId) {
        LocalSession session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            Target target = session.bySubscription.remove(subscriptionId);
            if (target == null) {
                return false;
            }
            unindex(session, subscriptionId, target);
            return true;
        }
    }

    private void unindex(LocalSession session, String subscriptionId, Target target) {
        index(target).computeIfPresent(target.key(), (key, subscribers) -> {
            subscribers.remove(new StompSubscriber(session, subscriptionId));
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    private Map<String, Set<Subscriber>> index(Target target) {
        return target.classTopic() ? byClass : byUser;
    }

    private static void send(StompSubscriber subscriber, String destination, Object payload, Object contentType,
            Runnable written) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(subscriber.session.sessionId);
        headers.setSubscriptionId(subscriber.subscriptionId);
        headers.setDestination(destination);
        if (contentType instanceof MimeType mimeType) {
            headers.setContentType(mimeType);
        }
        if (written != null) {
            headers.setHeader(REPLAY_WRITTEN, written);
        }
        headers.setLeaveMutable(true); // the ordered channel adds a header
        sendTo(subscriber.session.channel, subscriber.session.sessionId,
                MessageBuilder.createMessage(payload, headers.getMessageHeaders()));
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
        LocalSession session = sessions.get(accessor.getSessionId());
        MessageChannel channel = session != null ? session.channel : clientOutboundChannel.getObject();
        sendTo(channel, accessor.getSessionId(), MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
    }

    private static void sendTo(MessageChannel channel, String sessionId, Message<?> message) {
        try {
            channel.send(message);
        }
        catch (RuntimeException ex) {
            log.debug("Could not send to STOMP session " + sessionId + ": " + ex);
        }
    }

    /** The subscription's target if it is one kept here, else null. */
    private static Target targetOf(String destination, Principal user, String afterSeq) {
        if (USER_ATTENDANCE.equals(destination)) {
            return user == null ? null : new Target(user.getName(), false);
        }
        if (destination == null || !destination.startsWith(CLASS_TOPIC)) {
            return null;
        }
        Matcher matcher = CLASS_TOPIC_PATTERN.matcher(destination);
        if (!matcher.matches()) {
            // the security module refuses these first; never let one through
            throw new IllegalArgumentException("not a class topic");
        }
        return new Target(matcher.group(1), true, afterSeq == null ? null : Long.valueOf(afterSeq));
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
