package com.attendancelive.support;

import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * How tests sign in as a demo user (password "demo"). The one place that knows how credentials
 * reach REST and STOMP, so tests written before authentication existed keep working after it.
 */
public final class TestLogin {

    private TestLogin() {
    }

    /** CONNECT headers for a STOMP session of the given demo user. */
    public static StompHeaders connectHeaders(int port, String username) {
        // Authentication arrives with the security work: then this carries "Authorization: Bearer <token>".
        return new StompHeaders();
    }
}
