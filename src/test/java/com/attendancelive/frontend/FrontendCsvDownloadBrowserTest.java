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
 * The teacher dashboard's CSV downloads (contract "Exports") in Chromium: fetched with the bearer
 * token and saved as files, for the session on screen and a date range (frontend-sample/tests/e2e/exports.mjs).
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "attendance.demo-data=true")
@ActiveProfiles("test")
class FrontendCsvDownloadBrowserTest {

    @LocalServerPort
    int port;

    @BeforeEach
    void browserAndBrokerReady() {
        BrowserScript.assumeAvailable();
        Http.awaitReady(port);
    }

    @Test
    void theDashboardDownloadsTheSessionAndTheRangeAsCsvFiles() throws Exception {
        assertThat(BrowserScript.run(port, "exports", 120)).as("exit code of e2e.mjs exports").isZero();
    }
}
