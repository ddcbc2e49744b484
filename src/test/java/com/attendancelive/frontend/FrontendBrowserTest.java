package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole product in real browsers: the sample client served by the app, the embedded broker,
 * the demo data. The scenario itself, with its assertions, is frontend-sample/tests/e2e.mjs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "attendance.demo-data=true")
@ActiveProfiles("test")
class FrontendBrowserTest {

    @LocalServerPort
    int port;

    @BeforeEach
    void browserAndBrokerReady() {
        BrowserScript.assumeAvailable();
        Http.awaitReady(port);
    }

    /**
     * A teacher opens a session; a student in a second browser context checks in with the code
     * shown on the projector view; the teacher's roster shows it within 2 s; the teacher's
     * connection is cut while another student checks in, and after it is restored the roster has
     * every record once (catch-up by afterSeq). Also a correction to EXCUSED and the close.
     */
    @Test
    void teacherProjectorAndStudentWorkTogetherLive() throws Exception {
        assertThat(BrowserScript.run(port, "classroom", 240)).as("exit code of e2e.mjs classroom").isZero();
    }
}
