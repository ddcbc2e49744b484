package com.attendancelive.realtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * A STOMP session's subscriptions kept by {@link LocalSubscribers}, and its one ordered channel to
 * the client. Its monitor orders adding a subscription against the session's end.
 */
final class LocalStompSession {

    private static final Log log = LogFactory.getLog(LocalSubscribers.class);

    final String sessionId;
    final MessageChannel channel;
    final Map<String, SubscriptionTarget> bySubscription = new ConcurrentHashMap<>();
    boolean closed;

    LocalStompSession(String sessionId, MessageChannel channel) {
        this.sessionId = sessionId;
        this.channel = channel;
    }

    /** Sends to the client; a session that has gone meanwhile is only logged (DEBUG). */
    static void sendTo(MessageChannel channel, String sessionId, Message<?> message) {
        try {
            channel.send(message);
        }
        catch (RuntimeException ex) {
            log.debug("Could not send to STOMP session " + sessionId + ": " + ex);
        }
    }
}
