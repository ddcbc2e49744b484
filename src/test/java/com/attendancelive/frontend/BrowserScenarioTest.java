package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A browser test: one scenario of frontend-sample/tests/e2e in Chromium against this test's
 * application (each subclass's {@code @SpringBootTest} sets the properties its scenario needs).
 */
@Tag("slow")
@ActiveProfiles("test")
abstract class BrowserScenarioTest {

    @LocalServerPort
    int port;

    @BeforeEach
    void browserAndBrokerReady() {
        BrowserScript.assumeAvailable();
        Http.awaitReady(port);
    }

    /** Runs the scenario with the given settings and expects it to pass (exit code 0) within the time. */
    void assertScenarioPasses(String scenario, long timeoutSeconds, String... settings) throws Exception {
        assertThat(BrowserScript.run(port, scenario, timeoutSeconds, settings)).as("exit code of e2e.mjs " + scenario).isZero();
    }
}
