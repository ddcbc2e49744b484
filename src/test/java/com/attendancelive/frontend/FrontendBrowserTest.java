package com.attendancelive.frontend;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole product in real browsers: the sample client served by the app, the embedded broker,
 * the demo data. The scenario itself, with its assertions, is frontend-sample/tests/e2e/classroom.mjs.
 * Codes rotate every 10 s here (30 s by default), so the scenario sees the QR code follow a
 * rotation without waiting long; the grace (10 s) still covers a phone that scanned just before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "attendance.demo-data=true",
        "attendance.checkin.code-step=10s", "attendance.checkin.code-grace=10s" })
class FrontendBrowserTest extends BrowserScenarioTest {

    /**
     * A teacher opens a session; a student on a phone opens the link decoded from the projector's
     * QR code and checks in with one tap; the teacher's roster shows it within 2 s; the QR code
     * follows the code's rotation. The teacher's network and socket are cut while three events are
     * committed; the page shows it is reconnecting, backs off, reconnects within 1 s of the
     * browser's online event, and receives each event once, in order, replayed on SUBSCRIBE
     * (after-seq), with no REST catch-up. Also a refused subscription, a correction and the close.
     */
    @Test
    void teacherProjectorAndStudentWorkTogetherLive() throws Exception {
        assertScenarioPasses("classroom", 240);
    }
}
