package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tokens that live a few seconds: the page renews its token before each expires and hands it to
 * its STOMP session, so the dashboard stays live past the first token's end without a sign-in
 * prompt or a reconnect; when the sign-in reaches its maximum age, the page asks to sign in again
 * and then goes on live (frontend-sample/tests/e2e/expiry.mjs).
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "attendance.demo-data=true", "attendance.security.token-ttl=" + FrontendTokenExpiryBrowserTest.TTL,
                "attendance.security.token-refresh.max-sign-in-age=" + FrontendTokenExpiryBrowserTest.MAX_SIGN_IN_AGE_SECONDS + "s" })
@ActiveProfiles("test")
class FrontendTokenExpiryBrowserTest {

    static final String TTL = "6s";
    static final int MAX_SIGN_IN_AGE_SECONDS = 20;

    @LocalServerPort
    int port;

    @BeforeEach
    void browserAndBrokerReady() {
        BrowserScript.assumeAvailable();
        Http.awaitReady(port);
    }

    @Test
    void theTokenIsRenewedInPlaceUntilTheSignInIsTooOldThenTheViewComesBackAfterSigningIn() throws Exception {
        assertThat(BrowserScript.run(port, "expiry", 150, "max-sign-in-age=" + MAX_SIGN_IN_AGE_SECONDS))
                .as("exit code of e2e.mjs expiry").isZero();
    }
}
