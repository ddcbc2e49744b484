package com.attendancelive.security;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * The first interceptor on the client inbound channel, before Spring Security's: every client
 * frame passes here. It authenticates CONNECT from its {@code Authorization: Bearer} header (and
 * removes that header, so nothing downstream sees or logs
 * it), refuses commands the application does not support, keeps only an explicit allowlist of
 * headers per command, and applies the destination grammar to the raw destination. Spring
 * Security's authorization manager then decides who may subscribe to what.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 99)
class StompInboundGuard implements ChannelInterceptor {

    static final String AUTHORIZATION = "Authorization";
    /** A SEND here with a new bearer token moves the session's end to that token's expiry. */
    static final String TOKEN_REFRESH = "/app/session/token";
    /** On a class topic's SUBSCRIBE: replay the class's events after this seq first. */
    static final String AFTER_SEQ = "after-seq";
    /** A decimal seq that fits a long: at most 18 digits. */
    static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** The receipt ids accepted, and echoed back on an ERROR. */
    static final Pattern RECEIPT = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}(; ?[A-Za-z0-9_-]{1,32}=[A-Za-z0-9_.-]{1,64})?");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,9}");

    /** The headers a client may send, per command; anything else on these commands is refused. */
    private static final Map<StompCommand, Set<String>> ALLOWED_HEADERS = Map.of(
            StompCommand.SUBSCRIBE, Set.of("destination", "id", "receipt", "ack", AFTER_SEQ),
            StompCommand.UNSUBSCRIBE, Set.of("id", "receipt"),
            StompCommand.SEND, Set.of("destination", "content-type", "content-length", "receipt"),
            StompCommand.DISCONNECT, Set.of("receipt"));

    /** A token refresh: the new token, and no body. */
    private static final Set<String> TOKEN_REFRESH_HEADERS = Set.of("destination", "content-length", "receipt",
            AUTHORIZATION, "authorization");

    /** CONNECT keeps only these (after the Authorization header is read); the rest is dropped, not refused. */
    private static final Set<String> CONNECT_HEADERS = Set.of("accept-version", "heart-beat");

    private final BearerTokens tokens;
    private final LiveSessions sessions;

    StompInboundGuard(BearerTokens tokens, LiveSessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null) {
            throw new StompRefusal("not a STOMP frame");
        }
        if (accessor.getSessionId() != null && sessions.isRefused(accessor.getSessionId())) {
            throw new StompRefusal("session is closing");
        }
        StompCommand command = accessor.getCommand();
        if (command == null) {
            return message; // heart-beat
        }
        if (accessor.getSessionId() != null && !sessions.takeFrame(accessor.getSessionId())) {
            throw new StompRefusal(sessions.frameRateRefusal());
        }
        switch (command) {
            case CONNECT, STOMP -> connect(accessor);
            case SUBSCRIBE -> {
                requireSession(accessor);
                checkHeaders(command, accessor);
                checkId(accessor);
                String ack = accessor.getFirstNativeHeader("ack");
                if (ack != null && !"auto".equals(ack)) {
                    throw new StompRefusal("only ack:auto is supported");
                }
                Destinations.Subscription subscription = Destinations.parseSubscription(destination(accessor));
                String afterSeq = accessor.getFirstNativeHeader(AFTER_SEQ);
                if (afterSeq != null && !(subscription instanceof Destinations.ClassTopic)) {
                    throw new StompRefusal("the after-seq header is only for /topic/attendance/{classId}");
                }
                if (afterSeq != null && !SEQ.matcher(afterSeq).matches()) {
                    throw new StompRefusal("malformed after-seq header: expected a decimal seq from 0 (at most 18 digits)");
                }
            }
            case UNSUBSCRIBE -> {
                requireSession(accessor);
                checkHeaders(command, accessor);
                checkId(accessor);
            }
            case SEND -> {
                requireSession(accessor);
                if (TOKEN_REFRESH.equals(accessor.getDestination())) {
                    refreshToken(accessor, message);
                    return message;
                }
                checkHeaders(command, accessor);
                String contentType = accessor.getFirstNativeHeader("content-type");
                if (contentType != null && !CONTENT_TYPE.matcher(contentType).matches()) {
                    throw new StompRefusal("malformed content-type header");
                }
                String contentLength = accessor.getFirstNativeHeader("content-length");
                if (contentLength != null && !CONTENT_LENGTH.matcher(contentLength).matches()) {
                    throw new StompRefusal("malformed content-length header");
                }
                Destinations.parseSend(destination(accessor));
            }
            case DISCONNECT -> checkHeaders(command, accessor);
            case ACK, NACK -> throw new StompRefusal(command + " is not supported: subscriptions use ack:auto");
            case BEGIN, COMMIT, ABORT -> throw new StompRefusal("transactions are not supported");
            default -> throw new StompRefusal(command + " is a server frame");
        }
        return message;
    }

    @Override
    public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getCommand() == null || accessor.getSessionId() == null) {
            return;
        }
        String sessionId = accessor.getSessionId();
        if (accessor.getCommand() == StompCommand.SUBSCRIBE && sent && ex == null) {
            Destinations.classIdOf(accessor.getDestination())
                    .ifPresent(classId -> sessions.subscribedToClass(sessionId, accessor.getSubscriptionId(), classId));
        }
        else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE && sent && ex == null) {
            sessions.unsubscribed(sessionId, accessor.getSubscriptionId());
        }
    }

    private void connect(StompHeaderAccessor accessor) {
        if (accessor.getSessionId() != null && sessions.isLive(accessor.getSessionId())) {
            throw new StompRefusal("already connected");
        }
        List<String> values = takeAuthorization(accessor, CONNECT_HEADERS);
        if (values == null || values.isEmpty()) {
            throw new StompRefusal("missing Authorization header: CONNECT needs 'Authorization: Bearer <token>'");
        }
        BearerTokens.Verified verified = verify(values);
        if (!accessor.isMutable()) {
            throw new StompRefusal("server misconfiguration: cannot authenticate");
        }
        accessor.setUser(verified.authentication());
        if (!sessions.connected(accessor.getSessionId(), verified.authentication(), verified.jwt().getExpiresAt())) {
            throw new StompRefusal(sessions.perUserRefusal());
        }
    }

    /**
     * SEND {@value #TOKEN_REFRESH} with {@code Authorization: Bearer <token>}: the same user's valid
     * token moves the session's end to its expiry; anything else ends the session.
     */
    private void refreshToken(StompHeaderAccessor accessor, Message<?> message) {
        checkHeaders(TOKEN_REFRESH_HEADERS, "a token refresh", accessor);
        if (message.getPayload() instanceof byte[] body && body.length > 0) {
            throw new StompRefusal("a token refresh has no body: the token goes in the Authorization header");
        }
        List<String> values = takeAuthorization(accessor, TOKEN_REFRESH_HEADERS);
        if (values == null || values.isEmpty()) {
            throw new StompRefusal("missing Authorization header: a token refresh needs 'Authorization: Bearer <token>'");
        }
        BearerTokens.Verified verified = verify(values);
        if (!verified.authentication().getName().equals(accessor.getUser().getName())) {
            throw new StompRefusal("token refresh refused: the token is for another user");
        }
        sessions.refreshed(accessor.getSessionId(), verified.jwt().getExpiresAt());
    }

    /** Reads the Authorization header and removes it (and every header not in {@code kept}): it goes no further. */
    private static List<String> takeAuthorization(StompHeaderAccessor accessor, Set<String> kept) {
        List<String> values = accessor.getNativeHeader(AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            values = accessor.getNativeHeader("authorization");
        }
        for (String name : accessor.toNativeHeaderMap().keySet()) {
            if (!kept.contains(name) || AUTHORIZATION.equalsIgnoreCase(name)) {
                accessor.removeNativeHeader(name);
            }
        }
        return values;
    }

    private BearerTokens.Verified verify(List<String> values) {
        if (values.size() > 1) {
            throw new StompRefusal("more than one Authorization header");
        }
        try {
            return tokens.verifyHeader(values.get(0));
        }
        catch (BearerTokens.Rejected ex) {
            throw new StompRefusal(ex.getMessage());
        }
    }

    private void requireSession(StompHeaderAccessor accessor) {
        Principal user = accessor.getUser();
        String sessionId = accessor.getSessionId();
        if (user == null || sessionId == null || !sessions.isLive(sessionId)) {
            throw new StompRefusal("not connected: send CONNECT with a bearer token first");
        }
        Instant expiresAt = sessions.expiresAt(sessionId);
        if (expiresAt != null && Instant.now().isAfter(expiresAt)) {
            throw new StompRefusal("token expired");
        }
    }

    private static void checkHeaders(StompCommand command, StompHeaderAccessor accessor) {
        checkHeaders(ALLOWED_HEADERS.get(command), command.toString(), accessor);
    }

    /** Only {@code allowed} headers, each once, and a receipt of the accepted form; {@code frame} names the frame in a refusal. */
    private static void checkHeaders(Set<String> allowed, String frame, StompHeaderAccessor accessor) {
        for (Map.Entry<String, List<String>> header : accessor.toNativeHeaderMap().entrySet()) {
            if (!allowed.contains(header.getKey())) {
                throw new StompRefusal("header '" + printable(header.getKey()) + "' is not allowed on " + frame);
            }
            if (header.getValue().size() > 1) {
                throw new StompRefusal("repeated header '" + header.getKey() + "' on " + frame);
            }
        }
        String receipt = accessor.getFirstNativeHeader("receipt");
        if (receipt != null && !RECEIPT.matcher(receipt).matches()) {
            throw new StompRefusal("malformed receipt header");
        }
    }

    private static void checkId(StompHeaderAccessor accessor) {
        String id = accessor.getFirstNativeHeader("id");
        if (id == null || !SUBSCRIPTION_ID.matcher(id).matches()) {
            throw new StompRefusal("missing or malformed subscription id header");
        }
    }

    private static String destination(StompHeaderAccessor accessor) {
        String nativeDestination = accessor.getFirstNativeHeader("destination");
        String destination = accessor.getDestination();
        if (nativeDestination == null || !nativeDestination.equals(destination)) {
            throw new StompRefusal("missing destination header");
        }
        return destination;
    }

    /** Header names are client input: echo only a short, printable form. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[^A-Za-z0-9_.:-]", "?");
    }
}
