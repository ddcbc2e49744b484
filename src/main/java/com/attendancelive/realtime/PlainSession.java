package com.attendancelive.realtime;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One session of the plain route ({@link PlainAttendanceSocket}): the class's subscriber. Its messages
 * are written one at a time on the send threads, never on the thread that hands events over (a
 * reader that stops reading holds up only its own writes). One write taking longer than
 * {@code send-time-limit}, or more than {@link PlainAttendanceSocket#MAX_WAITING_BUFFERS} times
 * {@code send-buffer-size-limit} waiting, and the session is closed as too slow: a burst a healthy
 * reader takes in a moment is not cut off, a stalled reader is.
 */
final class PlainSession extends Subscriber {

    private static final Logger log = LoggerFactory.getLogger(PlainAttendanceSocket.class);

    final WebSocketSession socket;
    final String classId;
    final StringBuilder partial = new StringBuilder();
    private final SerialTasks writes;
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    volatile long lastPong = System.nanoTime();
    /** When the write in progress began (System.nanoTime()), or 0. */
    volatile long writingSince;
    private final Route route;

    /**
     * What every session of the route shares: the threads that write, the bytes that may wait for a
     * session and how long one write may take before it is cut off as too slow, and the count of
     * the closes the server sends, by code.
     */
    record Route(Executor sendThreads, long maxWaitingBytes, long sendTimeLimitNanos, IntConsumer closedByServer) {
    }

    PlainSession(WebSocketSession socket, String classId, boolean joining, Route route) {
        super(joining);
        this.socket = socket;
        this.classId = classId;
        this.route = route;
        this.writes = new SerialTasks(route.sendThreads());
    }

    @Override
    void deliver(Object payload, Object contentType) {
        if (payload instanceof byte[] json) {
            send(new TextMessage(json));
        }
    }

    @Override
    void deliverReplayed(byte[] json, Runnable written) {
        send(new TextMessage(json), written);
    }

    void send(WebSocketMessage<?> message) {
        send(message, null);
    }

    void send(WebSocketMessage<?> message, Runnable written) {
        int size = message.getPayloadLength();
        if (waitingBytes.addAndGet(size) > route.maxWaitingBytes()) {
            closeTooSlow();
            if (written != null) {
                written.run();
            }
            return;
        }
        writes.execute(() -> {
            writingSince = System.nanoTime();
            try {
                if (socket.isOpen() && !closing.get()) {
                    socket.sendMessage(message);
                }
            }
            catch (IOException | RuntimeException ex) {
                log.debug("Writing to plain WebSocket session {} failed: {}", socket.getId(), ex.toString());
            }
            finally {
                writingSince = 0;
                waitingBytes.addAndGet(-size);
                if (written != null) {
                    written.run();
                }
            }
        });
    }

    /** After the messages already waiting. */
    void close(CloseStatus status) {
        writes.execute(() -> closeNow(status));
    }

    /** At once, from another thread: its writes are stuck. */
    void closeTooSlow() {
        route.sendThreads().execute(() -> closeNow(CloseStatus.POLICY_VIOLATION.withReason("too slow: send buffer full")));
    }

    void closeNow(CloseStatus status) {
        if (closing.compareAndSet(false, true)) {
            route.closedByServer().accept(status.getCode());
            closeQuietly(socket, status);
        }
    }

    boolean writeTooLong(long now) {
        long since = writingSince;
        return since != 0 && now - since > route.sendTimeLimitNanos();
    }

    static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        }
        catch (IOException ex) {
            log.debug("Closing plain WebSocket session {} failed: {}", session.getId(), ex.toString());
        }
    }
}
