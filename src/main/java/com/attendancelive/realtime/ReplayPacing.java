package com.attendancelive.realtime;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * For the client outbound channel: tells a replay that one of its messages has been written, so
 * that it sends the next ({@link Subscriber}'s replay window).
 */
final class ReplayPacing implements ExecutorChannelInterceptor {

    /** On a replayed message: what to run once the client outbound channel has written it. */
    static final String WRITTEN = "attendanceReplayWritten";

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (message.getHeaders().get(WRITTEN) instanceof Runnable written) {
            written.run();
        }
    }
}
