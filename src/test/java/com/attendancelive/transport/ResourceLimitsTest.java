package com.attendancelive.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up check of max-sessions against the descriptor limit: one descriptor per session, in every broker mode. */
class ResourceLimitsTest {

    private static final long LIMIT = 20_000;

    @Test
    void theDefaultEighteenThousandSessionsFit() {
        assertThat(ResourceLimits.descriptorShortage(18_000, LIMIT)).isEmpty();
        assertThat(ResourceLimits.descriptorShortage(19_000, LIMIT)).isEmpty();
    }

    @Test
    void moreThanTheLimitLessTheReserveIsWarnedAbout() {
        assertThat(ResourceLimits.descriptorShortage(19_500, LIMIT)).hasValueSatisfying(warning ->
                assertThat(warning).contains("needs about 20500 file descriptors", "one per session", "lower it to 19000"));
    }
}
