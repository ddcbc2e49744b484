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
 * A replay limit of 2 events: the dashboard, cut off while three are committed, gets a RESYNC when
 * it reconnects, reads the roster again and goes on live from its seq (frontend-sample/tests/e2e/resync.mjs).
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "attendance.demo-data=true", "attendance.realtime.replay-limit=" + FrontendResyncBrowserTest.REPLAY_LIMIT })
@ActiveProfiles("test")
class FrontendResyncBrowserTest {

    static final int REPLAY_LIMIT = 2;

    @LocalServerPort
    int port;

    @BeforeEach
    void browserAndBrokerReady() {
        BrowserScript.assumeAvailable();
        Http.awaitReady(port);
    }

    @Test
    void aDashboardTooFarBehindReloadsTheRosterAndGoesOnLive() throws Exception {
        assertThat(BrowserScript.run(port, "resync", 120, "replay-limit=" + REPLAY_LIMIT)).as("exit code of e2e.mjs resync").isZero();
    }
}
