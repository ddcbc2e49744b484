package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Tokens that live a few seconds: the page asks to sign in again, and then goes on live. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "attendance.demo-data=true", "attendance.security.token-ttl=" + FrontendTokenExpiryBrowserTest.TTL })
@ActiveProfiles("test")
class FrontendTokenExpiryBrowserTest {

    static final String TTL = "6s";

    @LocalServerPort
    int port;

    @BeforeEach
    void browserAndBrokerReady() {
        BrowserScript.assumeAvailable();
        Http.awaitReady(port);
    }

    @Test
    void anExpiredSignInAsksToSignInAgainAndTheViewComesBack() throws Exception {
        assertThat(BrowserScript.run(port, "expiry", 120)).as("exit code of e2e.mjs expiry").isZero();
    }
}
