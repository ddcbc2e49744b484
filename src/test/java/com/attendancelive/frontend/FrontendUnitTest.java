package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client's own unit tests (back-off, seq tracking, texts, check-in link and QR code, renewal time) on node's test runner. */
class FrontendUnitTest {

    @Test
    void clientLogicPassesItsUnitTests() throws Exception {
        BrowserScript.assumeNode();
        assertThat(BrowserScript.node("unit", 120, "--test", "--test-reporter=dot", "tests/unit/")).as("exit code of node --test").isZero();
    }
}
