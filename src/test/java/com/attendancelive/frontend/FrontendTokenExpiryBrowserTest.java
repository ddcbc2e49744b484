package com.attendancelive.frontend;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Tokens that live a few seconds: the page renews its token before each expires and hands it to
 * its STOMP session, so the dashboard stays live past the first token's end without a sign-in
 * prompt or a reconnect; when the sign-in reaches its maximum age, the page asks to sign in again
 * and then goes on live (frontend-sample/tests/e2e/expiry.mjs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "attendance.demo-data=true", "attendance.security.token-ttl=" + FrontendTokenExpiryBrowserTest.TTL,
                "attendance.security.token-refresh.max-sign-in-age=" + FrontendTokenExpiryBrowserTest.MAX_SIGN_IN_AGE_SECONDS + "s" })
class FrontendTokenExpiryBrowserTest extends BrowserScenarioTest {

    static final String TTL = "6s";
    static final int MAX_SIGN_IN_AGE_SECONDS = 20;

    @Test
    void theTokenIsRenewedInPlaceUntilTheSignInIsTooOldThenTheViewComesBackAfterSigningIn() throws Exception {
        assertScenarioPasses("expiry", 150, "max-sign-in-age=" + MAX_SIGN_IN_AGE_SECONDS);
    }
}
