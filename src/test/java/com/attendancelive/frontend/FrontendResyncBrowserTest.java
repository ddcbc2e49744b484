package com.attendancelive.frontend;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A replay limit of 2 events: the dashboard, cut off while three are committed, gets a RESYNC when
 * it reconnects, reads the roster again and goes on live from its seq (frontend-sample/tests/e2e/resync.mjs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "attendance.demo-data=true", "attendance.realtime.replay-limit=" + FrontendResyncBrowserTest.REPLAY_LIMIT })
class FrontendResyncBrowserTest extends BrowserScenarioTest {

    static final int REPLAY_LIMIT = 2;

    @Test
    void aDashboardTooFarBehindReloadsTheRosterAndGoesOnLive() throws Exception {
        assertScenarioPasses("resync", 120, "replay-limit=" + REPLAY_LIMIT);
    }
}
