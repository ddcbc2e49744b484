package com.attendancelive.security;

import org.springframework.messaging.MessagingException;

/**
 * A client frame refused by the security layer. Its message is sent to the client as the ERROR
 * frame's {@code message} header, so it must name the reason and never contain a secret (no
 * token, no header values the client did not need to see).
 */
public class StompRefusal extends MessagingException {

    public StompRefusal(String reason) {
        super(reason);
    }
}
