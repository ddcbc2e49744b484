package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.broker.BrokerMode;
import org.junit.jupiter.api.Test;

/** The start-up check of max-sessions against the descriptor limit counts what each broker mode holds. */
class ResourceLimitsTest {

    private static final long LIMIT = 20_000;

    @Test
    void nineThousandSessionsFitWithAnExternalBrokerButNotWithTheEmbeddedOne() {
        assertThat(ResourceLimits.descriptorShortage(9_000, BrokerMode.EXTERNAL, LIMIT)).isEmpty();
        assertThat(ResourceLimits.descriptorShortage(9_000, BrokerMode.EMBEDDED, LIMIT)).hasValueSatisfying(warning ->
                assertThat(warning).contains("needs about 28000 file descriptors", "3 per session with the embedded broker",
                        "lower it to 6333"));
    }

    @Test
    void theDefaultSixThousandFitTheEmbeddedMode() {
        assertThat(ResourceLimits.descriptorShortage(6_000, BrokerMode.EMBEDDED, LIMIT)).isEmpty();
        assertThat(ResourceLimits.descriptorShortage(9_600, BrokerMode.EXTERNAL, LIMIT)).hasValueSatisfying(warning ->
                assertThat(warning).contains("2 per session with the external broker", "lower it to 9500"));
    }
}
