package com.attendancelive.security;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Turns a refused client frame into an ERROR frame whose {@code message} header names the
 * reason. Spring's default would say "Failed to send message to ExecutorSubscribableChannel[...]".
 * Only reasons this application wrote reach the client: never an exception's own text, which may
 * quote the frame.
 */
class StompErrorHandler extends StompSubProtocolErrorHandler {

    private final LiveSessions sessions;

    StompErrorHandler(LiveSessions sessions) {
        this.sessions = sessions;
    }

    private static final byte[] EMPTY = new byte[0];

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StompErrorHandler.class);

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        String reason = reason(clientMessage, ex);
        error.setMessage(reason);
        StompHeaderAccessor client = clientMessage == null ? null
                : MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
        // An unparsable frame has no headers: the session is the one whose message is being parsed.
        String sessionId = client == null ? InboundWebSocketSession.current() : client.getSessionId();
        String receipt = client == null ? null : client.getReceipt();
        if (receipt != null && !StompInboundGuard.RECEIPT.matcher(receipt).matches()) {
            receipt = null;
        }
        log.debug("Refused {} in session {}: {}", client == null ? "frame" : client.getCommand(), sessionId, reason);
        if (sessionId != null) {
            // Sent (once) from the outbound channel, then the session closes: see LiveSessions.refuse.
            sessions.refuse(sessionId, reason, receipt);
            return null;
        }
        if (receipt != null) {
            error.setReceiptId(receipt);
        }
        return MessageBuilder.createMessage(EMPTY, error.getMessageHeaders());
    }

    static String reason(Message<byte[]> clientMessage, Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof StompRefusal refusal) {
                return refusal.getMessage();
            }
            if (cause instanceof AccessDeniedException) {
                return accessDenied(clientMessage);
            }
            if (cause instanceof IllegalStateException state && String.valueOf(state.getMessage()).startsWith("Unknown session")) {
                return "not connected: send CONNECT with a bearer token first";
            }
            if (cause instanceof IllegalStateException state && String.valueOf(state.getMessage()).startsWith("Session already exists")) {
                return "already connected";
            }
            if (cause instanceof StompConversionException conversion) {
                String text = String.valueOf(conversion.getMessage());
                return text.contains("exceed") || text.contains("limit") ? "frame too large" : "malformed frame";
            }
        }
        return "frame refused";
    }

    private static String accessDenied(Message<byte[]> clientMessage) {
        StompHeaderAccessor client = clientMessage == null ? null
                : MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
        if (client != null && client.getCommand() == StompCommand.SUBSCRIBE) {
            // The destination passed the grammar before authorization ran: safe to name.
            return Destinations.classIdOf(client.getDestination())
                    .map(classId -> "access denied: class " + classId + " is for ADMIN and the class's TEACHERs only")
                    .orElse("access denied: SUBSCRIBE " + client.getDestination());
        }
        return "access denied";
    }
}
