package com.attendancelive.frontend;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The teacher dashboard's CSV downloads (contract "Exports") in Chromium: fetched with the bearer
 * token and saved as files, for the session on screen and a date range (frontend-sample/tests/e2e/exports.mjs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "attendance.demo-data=true")
class FrontendCsvDownloadBrowserTest extends BrowserScenarioTest {

    @Test
    void theDashboardDownloadsTheSessionAndTheRangeAsCsvFiles() throws Exception {
        assertScenarioPasses("exports", 120);
    }
}
