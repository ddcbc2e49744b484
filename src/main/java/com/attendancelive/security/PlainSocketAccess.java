package com.attendancelive.security;

import com.attendancelive.shared.Protocol;
import com.attendancelive.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Who may open the plain WebSocket route {@code /ws/attendance/{classId}} and for how long, for the
 * realtime module that serves it: the handshake is checked before the upgrade (400 malformed class
 * id or query, 401 no or bad credentials, 403 no access to the class, 404 unknown class), and an
 * open session is held to the same rules as a STOMP session (token expiry, class access re-checked,
 * frame rate; the instance's session limit is the transport module's), ended through its {@link Closer} with a close code.
 */
@Component
public class PlainSocketAccess {

    private static final Pattern PATH = Pattern.compile(Pattern.quote(Protocol.PLAIN_ROUTE) + "/(" + Protocol.IDENTIFIER_GRAMMAR + ")");
    private static final String ADMITTED = PlainSocketAccess.class.getName() + ".admitted";
    private static final URI ROUTE = URI.create(Protocol.PLAIN_ROUTE);

    private final WebSocketTickets tickets;
    private final BearerTokens tokens;
    private final ClassAccess classAccess;
    private final LiveSessions sessions;

    PlainSocketAccess(WebSocketTickets tickets, BearerTokens tokens, ClassAccess classAccess, LiveSessions sessions) {
        this.tickets = tickets;
        this.tokens = tokens;
        this.classAccess = classAccess;
        this.sessions = sessions;
    }

    /** A handshake let through: who, until when, which class, and the replay asked for ({@code afterSeq}, or null). */
    public record Admitted(String username, Collection<? extends GrantedAuthority> authorities, Instant expiresAt,
            String classId, Long afterSeq) {
    }

    /** Why an open session ends, with its close code (contract version 2). */
    public enum SessionEnd {
        TOKEN_EXPIRED(4401), ACCESS_ENDED(4403), POLICY_VIOLATION(1008);

        private final int code;

        SessionEnd(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Ends one plain session. */
    @FunctionalInterface
    public interface Closer {

        void close(SessionEnd why, String reason);
    }

    /** A refused token refresh. */
    public record Refusal(SessionEnd why, String reason) {
    }

    /** For the route's registration: checks the handshake and leaves {@link Admitted} in the session's attributes. */
    public HandshakeInterceptor handshake() {
        return new HandshakeInterceptor() {
            @Override
            public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                    Map<String, Object> attributes) throws IOException {
                if (!(request instanceof ServletServerHttpRequest servletRequest)
                        || !(response instanceof ServletServerHttpResponse servletResponse)) {
                    return false;
                }
                try {
                    attributes.put(ADMITTED, admit(servletRequest.getServletRequest()));
                    return true;
                }
                catch (HandshakeRefused refused) {
                    HttpServletResponse http = servletResponse.getServletResponse();
                    if (refused.status == HttpStatus.UNAUTHORIZED) {
                        http.setHeader("WWW-Authenticate", "Bearer");
                    }
                    Problems.write(http, refused.status, refused.getMessage(), ROUTE);
                    return false;
                }
            }

            @Override
            public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                    Exception exception) {
            }
        };
    }

    /** What {@link #handshake()} let through, from the session's attributes. */
    public static Admitted admitted(Map<String, Object> attributes) {
        return (Admitted) attributes.get(ADMITTED);
    }

    /** False when the user reached {@code max-sessions-per-user} since the handshake: close the session (1008). */
    public boolean opened(String sessionId, Admitted admitted, Closer closer) {
        return sessions.opened(sessionId, admitted.username(), admitted.authorities(), admitted.expiresAt(), admitted.classId(), closer);
    }

    public void closed(String sessionId) {
        sessions.ended(sessionId);
    }

    /** False once the session has sent more frames this second than {@code attendance.security.max-frames-per-second}. */
    public boolean takeFrame(String sessionId) {
        return sessions.takeFrame(sessionId);
    }

    /** The reason to close a session with when {@link #takeFrame} said no. */
    public String frameRateRefusal() {
        return sessions.frameRateRefusal();
    }

    /** A {@code {"type":"token"}} frame: the same user's valid token moves the session's end; anything else is refused. */
    public Optional<Refusal> refresh(String sessionId, String token) {
        String username = sessions.username(sessionId);
        if (username == null) {
            return Optional.of(new Refusal(SessionEnd.POLICY_VIOLATION, "session is closing"));
        }
        BearerTokens.Verified verified;
        try {
            verified = tokens.verify(token);
        }
        catch (BearerTokens.Rejected ex) {
            return Optional.of(new Refusal(ex.expired ? SessionEnd.TOKEN_EXPIRED : SessionEnd.POLICY_VIOLATION, ex.getMessage()));
        }
        if (!verified.authentication().getName().equals(username)) {
            return Optional.of(new Refusal(SessionEnd.POLICY_VIOLATION, "token refresh refused: the token is for another user"));
        }
        sessions.refreshed(sessionId, verified.jwt().getExpiresAt());
        return Optional.empty();
    }

    private Admitted admit(HttpServletRequest request) {
        Matcher path = PATH.matcher(request.getRequestURI());
        if (!path.matches()) {
            throw new HandshakeRefused(HttpStatus.BAD_REQUEST, "malformed class id: expected " + Protocol.PLAIN_ROUTE + "/{classId} with " + Protocol.IDENTIFIER_GRAMMAR);
        }
        Map<String, String> query = query(request.getQueryString());
        String afterSeq = query.get("afterSeq");
        if (afterSeq != null && !StompInboundGuard.SEQ.matcher(afterSeq).matches()) {
            throw new HandshakeRefused(HttpStatus.BAD_REQUEST, "malformed afterSeq: expected a decimal seq from 0 (at most 18 digits)");
        }
        Credential credential = credential(request, query.get("ticket"));
        String classId = path.group(1);
        if (!classAccess.exists(classId)) {
            throw new HandshakeRefused(HttpStatus.NOT_FOUND, "unknown class");
        }
        if (!classAccess.mayWatch(credential.username(), credential.authorities(), classId)) {
            throw new HandshakeRefused(HttpStatus.FORBIDDEN, "no access to this class's live channel");
        }
        if (!sessions.hasRoomFor(credential.username())) {
            throw new HandshakeRefused(HttpStatus.TOO_MANY_REQUESTS, sessions.perUserRefusal());
        }
        return new Admitted(credential.username(), credential.authorities(), credential.expiresAt(), classId,
                afterSeq == null ? null : Long.valueOf(afterSeq));
    }

    private record Credential(String username, Collection<? extends GrantedAuthority> authorities, Instant expiresAt) {
    }

    /**
     * The bearer header was checked by Spring Security's resource server filter (a bad one was
     * answered 401 there); a ticket is redeemed here, once.
     */
    private Credential credential(HttpServletRequest request, String ticket) {
        boolean header = request.getHeader("Authorization") != null;
        if (header && ticket != null) {
            throw new HandshakeRefused(HttpStatus.BAD_REQUEST, "send either an Authorization header or a ticket, not both");
        }
        if (ticket != null) {
            WebSocketTickets.Holder holder = tickets.redeem(ticket)
                    .orElseThrow(() -> new HandshakeRefused(HttpStatus.UNAUTHORIZED, "unknown, used or expired ticket"));
            return new Credential(holder.username(), holder.authorities(), holder.tokenExpiresAt());
        }
        if (request.getUserPrincipal() instanceof JwtAuthenticationToken jwt) {
            return new Credential(jwt.getName(), jwt.getAuthorities(), jwt.getToken().getExpiresAt());
        }
        throw new HandshakeRefused(HttpStatus.UNAUTHORIZED,
                "no credentials: send 'Authorization: Bearer <token>' or ?ticket= from POST /api/ws-tickets");
    }

    /**
     * The raw query, not decoded: only {@code ticket} and {@code afterSeq}, each once, in their
     * grammar ({@link TokenInUrlFilter} has refused a token in it already).
     */
    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        if (raw.length() > 200) {
            throw new HandshakeRefused(HttpStatus.BAD_REQUEST, "query too long");
        }
        for (QueryPair pair : QueryPair.of(raw)) {
            if (!List.of("ticket", "afterSeq").contains(pair.name()) || pair.value() == null) {
                throw new HandshakeRefused(HttpStatus.BAD_REQUEST, "malformed query: only ticket=... and afterSeq=N are allowed");
            }
            if (parameters.put(pair.name(), pair.value()) != null) {
                throw new HandshakeRefused(HttpStatus.BAD_REQUEST, "repeated query parameter '" + pair.name() + "'");
            }
        }
        String ticket = parameters.get("ticket");
        if (ticket != null && !WebSocketTickets.TICKET.matcher(ticket).matches()) {
            throw new HandshakeRefused(HttpStatus.UNAUTHORIZED, "unknown, used or expired ticket");
        }
        return parameters;
    }

    private static final class HandshakeRefused extends RuntimeException {

        final HttpStatus status;

        HandshakeRefused(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
