package com.attendancelive.realtime;

import com.attendancelive.security.PlainSocketAccess;
import com.attendancelive.security.SecurityProperties;
import com.attendancelive.system.DaemonTimer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plain WebSocket route {@code /ws/attendance/{classId}} (contract version 2): one class's
 * events as JSON text frames, exactly as on STOMP, through the same {@link LocalSubscribers} and
 * {@link ClassFeeds} (so in seq order, each once, with the {@code afterSeq} replay). The handshake
 * and the session's lifetime are the security module's ({@link PlainSocketAccess}).
 *
 * <p>From the client only {@code {"type":"ping"}} (answered {@code {"type":"pong"}}) and
 * {@code {"type":"token","token":"..."}}; anything else, a binary frame or a frame over
 * {@link #MAX_FRAME_BYTES} closes the connection with 1008. The server pings every
 * {@code attendance.realtime.plain-ping-interval} and closes a peer that has not answered for two.
 */
@Component
class PlainAttendanceSocket extends AbstractWebSocketHandler implements SmartLifecycle {

    static final int MAX_FRAME_BYTES = 4096;
    /** How many send buffers' worth ({@code send-buffer-size-limit}) may wait for one session. */
    static final int MAX_WAITING_BUFFERS = 16;
    /** The close codes the server sends (contract version 2), counted for the metrics. */
    static final List<Integer> CLOSE_CODES = List.of(1001, 1008, 4401, 4403);
    private static final TextMessage PONG = new TextMessage("{\"type\":\"pong\"}");
    /**
     * A ping's payload. Each ping gets a buffer of its own: sending moves the buffer's position, so one
     * buffer sent by two send threads at once garbled both frames.
     */
    private static final byte[] PING_PAYLOAD = "attendance".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(PlainAttendanceSocket.class);

    private final LocalSubscribers subscribers;
    private final PlainSocketAccess access;
    private final RealtimeProperties properties;
    private final JsonMapper mapper;
    private final Map<String, PlainSession> sessions = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closedByServer = new ConcurrentHashMap<>();
    private final PlainSession.Route route;
    private final DaemonTimer pinger = new DaemonTimer("plain-websocket-ping");
    private volatile long lastPingRound = System.nanoTime();

    PlainAttendanceSocket(LocalSubscribers subscribers, PlainSocketAccess access, SecurityProperties security,
            RealtimeProperties properties, JsonMapper mapper,
            @Qualifier(EventDeliveryConfiguration.PLAIN_SEND_EXECUTOR) Executor sendThreads) {
        this.subscribers = subscribers;
        this.access = access;
        this.properties = properties;
        this.mapper = mapper;
        this.route = new PlainSession.Route(sendThreads, MAX_WAITING_BUFFERS * security.sendBufferSizeLimit().toBytes(),
                security.sendTimeLimit().toNanos(), code -> closedByServer.computeIfAbsent(code, key -> new LongAdder()).increment());
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        PlainSocketAccess.Admitted admitted = PlainSocketAccess.admitted(session.getAttributes());
        if (admitted == null) {
            PlainSession.closeQuietly(session, CloseStatus.POLICY_VIOLATION.withReason("not admitted"));
            return;
        }
        PlainSession plain = new PlainSession(session, admitted.classId(), admitted.afterSeq() != null, route);
        if (!access.opened(session.getId(), admitted, (why, reason) -> plain.close(new CloseStatus(why.code(), shortened(reason))))) {
            PlainSession.closeQuietly(session, CloseStatus.POLICY_VIOLATION.withReason("too many sessions for this user"));
            return;
        }
        sessions.put(session.getId(), plain);
        subscribers.watchClass(admitted.classId(), admitted.afterSeq(), plain);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true; // so that a frame over 4 KB is refused with 1008, not by the container with 1009
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        PlainSession plain = sessions.get(session.getId());
        if (plain == null) {
            return;
        }
        plain.partial.append(message.getPayload());
        if (plain.partial.length() > MAX_FRAME_BYTES
                || plain.partial.toString().getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
            plain.close(CloseStatus.POLICY_VIOLATION.withReason("frame over 4 KB"));
            return;
        }
        if (!message.isLast()) {
            return;
        }
        String frame = plain.partial.toString();
        plain.partial.setLength(0);
        if (!access.takeFrame(session.getId())) {
            plain.close(CloseStatus.POLICY_VIOLATION.withReason(access.frameRateRefusal()));
            return;
        }
        handleFrame(plain, frame);
    }

    private void handleFrame(PlainSession plain, String frame) {
        JsonNode message;
        try {
            message = mapper.readTree(frame);
        }
        catch (JacksonException ex) {
            plain.close(CloseStatus.POLICY_VIOLATION.withReason("not a JSON object"));
            return;
        }
        Set<String> fields = message != null && message.isObject() ? Set.copyOf(message.propertyNames()) : Set.of();
        JsonNode type = message == null ? null : message.get("type");
        if (type != null && type.isString() && "ping".equals(type.asString()) && fields.equals(Set.of("type"))) {
            plain.send(PONG);
        }
        else if (type != null && type.isString() && "token".equals(type.asString()) && fields.equals(Set.of("type", "token"))
                && message.get("token").isString()) {
            access.refresh(plain.socket.getId(), message.get("token").asString())
                    .ifPresent(refusal -> plain.close(new CloseStatus(refusal.why().code(), shortened(refusal.reason()))));
        }
        else {
            plain.close(CloseStatus.POLICY_VIOLATION.withReason("expected {\"type\":\"ping\"} or {\"type\":\"token\",\"token\":\"...\"}"));
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        PlainSession plain = sessions.get(session.getId());
        if (plain != null) {
            plain.close(CloseStatus.POLICY_VIOLATION.withReason("binary frames are not accepted"));
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        PlainSession plain = sessions.get(session.getId());
        if (plain != null) {
            plain.lastPong = System.nanoTime();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        PlainSession plain = sessions.remove(session.getId());
        log.debug("Plain WebSocket session {} closed: {}", session.getId(), status);
        if (plain != null) {
            subscribers.unwatchClass(plain.classId, plain);
            access.closed(session.getId());
        }
    }

    int openSessions() {
        return sessions.size();
    }

    long closedByServer(int code) {
        LongAdder closed = closedByServer.get(code);
        return closed == null ? 0 : closed.sum();
    }

    /** Every second: closes writers stuck past the send time limit; every ping interval, pings (or closes the silent). */
    private void sweep() {
        long now = System.nanoTime();
        boolean pingRound = now - lastPingRound >= properties.plainPingInterval().toNanos();
        if (pingRound) {
            lastPingRound = now;
        }
        long silentFor = 2 * properties.plainPingInterval().toNanos();
        for (PlainSession plain : List.copyOf(sessions.values())) {
            if (plain.writeTooLong(now)) {
                plain.closeTooSlow();
            }
            else if (pingRound && now - plain.lastPong > silentFor) {
                plain.close(CloseStatus.POLICY_VIOLATION.withReason("pings not answered"));
            }
            else if (pingRound) {
                plain.send(new PingMessage(ByteBuffer.wrap(PING_PAYLOAD)));
            }
        }
    }

    /** A close frame's reason has at most 123 bytes. */
    private static String shortened(String reason) {
        return reason.length() > 120 ? reason.substring(0, 120) : reason;
    }

    @Override
    public void start() {
        pinger.start();
        pinger.every(Duration.ofMillis(Math.min(1_000, properties.plainPingInterval().toMillis())), () -> {
            try {
                sweep();
            }
            catch (RuntimeException ex) {
                log.warn("Pinging plain WebSocket sessions failed; retrying: {}", ex.toString());
            }
        });
    }

    /** With the STOMP sessions ({@link WebSocketSessionsShutdown}): 1001, before the web server stops. */
    @Override
    public void stop() {
        pinger.stop();
        for (PlainSession plain : List.copyOf(sessions.values())) {
            plain.closeNow(CloseStatus.GOING_AWAY.withReason("server shutting down"));
        }
    }

    @Override
    public boolean isRunning() {
        return pinger.isRunning();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
