package com.attendancelive.realtime;

import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/** A STOMP subscription kept by {@link LocalSubscribers}, equal to another of the same session and id. */
final class StompSubscriber extends Subscriber {

    final LocalStompSession session;
    final String subscriptionId;
    private final String destination;

    StompSubscriber(LocalStompSession session, String subscriptionId, String destination, boolean joining) {
        super(joining);
        this.session = session;
        this.subscriptionId = subscriptionId;
        this.destination = destination;
    }

    /** For look-ups by identity only. */
    StompSubscriber(LocalStompSession session, String subscriptionId) {
        this(session, subscriptionId, null, false);
    }

    @Override
    void deliver(Object payload, Object contentType) {
        send(payload, contentType, null);
    }

    @Override
    void deliverReplayed(byte[] json, Runnable written) {
        send(json, MimeTypeUtils.APPLICATION_JSON, written);
    }

    private void send(Object payload, Object contentType, Runnable written) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(session.sessionId);
        headers.setSubscriptionId(subscriptionId);
        headers.setDestination(destination);
        if (contentType instanceof MimeType mimeType) {
            headers.setContentType(mimeType);
        }
        if (written != null) {
            headers.setHeader(ReplayPacing.WRITTEN, written);
        }
        headers.setLeaveMutable(true); // the ordered channel adds a header
        LocalStompSession.sendTo(session.channel, session.sessionId,
                MessageBuilder.createMessage(payload, headers.getMessageHeaders()));
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
