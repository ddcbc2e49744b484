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

    private static final byte[] EMPTY = new byte[0];

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(reason(clientMessage, ex));
        StompHeaderAccessor client = clientMessage == null ? null
                : MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
        if (client != null && client.getReceipt() != null && client.getReceipt().matches("[A-Za-z0-9_.:-]{1,128}")) {
            error.setReceiptId(client.getReceipt());
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
