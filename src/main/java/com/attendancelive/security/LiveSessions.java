package com.attendancelive.security;

import com.attendancelive.directory.TeacherUnassigned;
import com.attendancelive.system.TimerLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The authenticated sessions of this instance (STOMP and the plain route), their token expiry and
 * their class subscriptions, so that access that ends ends the session: a sweep closes sessions
 * whose token expired, a periodic re-check against the database closes sessions whose class access
 * ended (this is what makes a change made on another instance count here), and a teacher unassigned
 * on this instance is cut off at once. A STOMP session is closed with an ERROR frame naming the
 * reason; a plain one by its {@link PlainSocketAccess.Closer}, with a close code.
 */
@Component
class LiveSessions extends TimerLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    /**
     * How long a refused session waits before its ERROR frame is sent. Spring sends a refusal's
     * ERROR and closes the WebSocket at once; when another thread is still flushing a frame to the
     * same session (typically CONNECTED or RECEIPT, when a client acts on it immediately), the
     * ERROR is left in the send buffer and dropped by the close. Sent a moment later from the
     * outbound channel, it arrives, and the close follows it.
     */
    static final Duration REFUSAL_DELAY = Duration.ofMillis(100);

    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final ClassAccess classAccess;
    private final SecurityProperties properties;
    private final ObjectProvider<MessageChannel> clientOutboundChannel;
    private final ConnectDeadline connectDeadline;
    private final SessionsPerUser perUser;

    LiveSessions(ClassAccess classAccess, SecurityProperties properties,
            @Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel,
            ConnectDeadline connectDeadline) {
        super("stomp-session-sweep");
        this.classAccess = classAccess;
        this.properties = properties;
        this.clientOutboundChannel = clientOutboundChannel;
        this.connectDeadline = connectDeadline;
        this.perUser = new SessionsPerUser(properties.maxSessionsPerUser());
    }

    /** {@code closer} is null for a STOMP session. */
    record LiveSession(String sessionId, String username, Collection<? extends GrantedAuthority> authorities,
            Instant expiresAt, Map<String, String> classBySubscription, FrameBudget frames, PlainSocketAccess.Closer closer) {
    }

    /** False, registering nothing, when the user already has {@code max-sessions-per-user} sessions here. */
    boolean connected(String sessionId, Authentication user, Instant expiresAt) {
        if (!perUser.take(user.getName())) {
            return false;
        }
        sessions.put(sessionId, new LiveSession(sessionId, user.getName(), user.getAuthorities(), expiresAt,
                new ConcurrentHashMap<>(), new FrameBudget(properties.maxFramesPerSecond()), null));
        connectDeadline.met(sessionId);
        return true;
    }

    /** A plain route session watching one class; false, registering nothing, when its user is at the limit. */
    boolean opened(String sessionId, String username, Collection<? extends GrantedAuthority> authorities, Instant expiresAt,
            String classId, PlainSocketAccess.Closer closer) {
        if (!perUser.take(username)) {
            return false;
        }
        Map<String, String> classes = new ConcurrentHashMap<>();
        classes.put(classId, classId);
        sessions.put(sessionId, new LiveSession(sessionId, username, authorities, expiresAt, classes,
                new FrameBudget(properties.maxFramesPerSecond()), closer));
        return true;
    }

    /** Whether {@code username} may open one more session here (the handshake's early answer; {@link #opened} decides). */
    boolean hasRoomFor(String username) {
        return perUser.hasRoomFor(username);
    }

    String perUserRefusal() {
        return perUser.refusal();
    }

    /** Users with a session on this instance. */
    int users() {
        return perUser.users();
    }

    private LiveSession remove(String sessionId) {
        LiveSession removed = sessions.remove(sessionId);
        if (removed != null) {
            perUser.release(removed.username());
        }
        return removed;
    }

    /** A plain route session's end (STOMP sessions end by {@link SessionDisconnectEvent}). */
    void ended(String sessionId) {
        remove(sessionId);
    }

    String username(String sessionId) {
        LiveSession session = sessions.get(sessionId);
        return session == null ? null : session.username();
    }

    /** False once the session has sent more frames this second than it may; true for a session not live. */
    boolean takeFrame(String sessionId) {
        LiveSession session = sessions.get(sessionId);
        return session == null || session.frames().take();
    }

    /** Why a session that sent too many frames is ended, on either route. */
    String frameRateRefusal() {
        return "too many frames: at most " + properties.maxFramesPerSecond() + " per second";
    }

    /** A token refresh: the session now ends when the new token expires. */
    void refreshed(String sessionId, Instant expiresAt) {
        sessions.computeIfPresent(sessionId, (id, session) -> new LiveSession(id, session.username(),
                session.authorities(), expiresAt, session.classBySubscription(), session.frames(), session.closer()));
    }

    boolean isLive(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    Instant expiresAt(String sessionId) {
        LiveSession session = sessions.get(sessionId);
        return session == null ? null : session.expiresAt();
    }

    void subscribedToClass(String sessionId, String subscriptionId, String classId) {
        LiveSession session = sessions.get(sessionId);
        if (session != null && subscriptionId != null) {
            session.classBySubscription().put(subscriptionId, classId);
        }
    }

    void unsubscribed(String sessionId, String subscriptionId) {
        LiveSession session = sessions.get(sessionId);
        if (session != null && subscriptionId != null) {
            session.classBySubscription().remove(subscriptionId);
        }
    }

    int count() {
        return sessions.size();
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        remove(event.getSessionId());
        refused.remove(event.getSessionId());
    }

    /**
     * Ends a session because of a refused frame: from now on its frames go nowhere, and shortly
     * the ERROR naming the reason is sent and the session closed. False if it was already refused.
     * The ERROR carries {@code receiptId} (the refused frame's {@code receipt}), if there is one.
     */
    boolean refuse(String sessionId, String reason, String receiptId) {
        if (refused.putIfAbsent(sessionId, reason) != null) {
            return false;
        }
        remove(sessionId);
        if (!timer.after(REFUSAL_DELAY, () -> sendError(sessionId, reason, receiptId))) {
            sendError(sessionId, reason, receiptId);
        }
        return true;
    }

    boolean isRefused(String sessionId) {
        return refused.containsKey(sessionId);
    }

    /** The local, immediate reaction; other instances find out by their periodic re-check. */
    @EventListener
    void onTeacherUnassigned(TeacherUnassigned event) {
        classAccess.forget(event.teacher(), event.classId());
        for (LiveSession session : sessions.values()) {
            if (session.username().equals(event.teacher()) && session.classBySubscription().containsValue(event.classId())) {
                close(session, PlainSocketAccess.SessionEnd.ACCESS_ENDED, "access to class " + event.classId() + " ended: teacher unassigned");
            }
        }
    }

    void sweepExpired() {
        connectDeadline.closeOverdue();
        Instant deadline = Instant.now().minus(properties.clockSkew());
        for (LiveSession session : sessions.values()) {
            if (session.expiresAt() != null && session.expiresAt().isBefore(deadline)) {
                close(session, PlainSocketAccess.SessionEnd.TOKEN_EXPIRED, "token expired");
            }
        }
    }

    void recheckClassAccess() {
        ClassAccess.Recheck recheck = classAccess.recheck();
        for (LiveSession session : sessions.values()) {
            for (String classId : session.classBySubscription().values()) {
                if (!recheck.mayWatch(session.username(), session.authorities(), classId)) {
                    classAccess.forget(session.username(), classId);
                    close(session, PlainSocketAccess.SessionEnd.ACCESS_ENDED, "access to class " + classId + " ended");
                    break;
                }
            }
        }
    }

    /** A STOMP session: an ERROR frame, after which the STOMP handler closes the WebSocket. */
    private void close(LiveSession session, PlainSocketAccess.SessionEnd why, String reason) {
        if (remove(session.sessionId()) == null) {
            return;
        }
        if (session.closer() != null) {
            session.closer().close(why, reason);
            return;
        }
        refused.put(session.sessionId(), reason);
        sendError(session.sessionId(), reason, null);
    }

    private void sendError(String sessionId, String reason, String receiptId) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(sessionId);
        error.setMessage(reason);
        if (receiptId != null) {
            error.setReceiptId(receiptId);
        }
        try {
            clientOutboundChannel.getObject().send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
            log.debug("Closed STOMP session {}: {}", sessionId, reason);
        }
        catch (RuntimeException ex) {
            log.warn("Could not close STOMP session {} ({}): {}", sessionId, reason, ex.toString());
        }
    }

    @Override
    public void start() {
        timer.start();
        timer.every(properties.sessionSweepInterval(), guarded(this::sweepExpired));
        timer.every(properties.accessRecheckInterval(), guarded(this::recheckClassAccess));
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                // Keep the schedule alive (a periodic task that throws is never run again).
                log.warn("Session check failed; retrying on the next round: {}", ex.toString());
            }
        };
    }
}
