package com.attendancelive.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckInCodesTest {

    private final AttendanceProperties properties = new AttendanceProperties(Duration.ofSeconds(30),
            Duration.ofSeconds(15), 6, 5, Duration.ofMinutes(5), 10, 90);
    private final CheckInCodes codes = new CheckInCodes(properties);
    private final String secret = CheckInCodes.newSecret();
    private final Instant stepStart = Instant.ofEpochSecond(1_800_000_000L / 30 * 30);

    @Test
    void aCodeIsSixDigitsAndStableWithinItsStep() {
        CheckInCodes.CurrentCode code = codes.current(secret, stepStart);
        assertThat(code.code()).matches("\\d{6}");
        assertThat(codes.current(secret, stepStart.plusSeconds(29)).code()).isEqualTo(code.code());
        assertThat(code.rotatesAt()).isEqualTo(stepStart.plusSeconds(30));
    }

    @Test
    void thePreviousCodeIsAcceptedOnlyDuringTheGrace() {
        String previous = codes.current(secret, stepStart.minusSeconds(1)).code();
        String current = codes.current(secret, stepStart).code();
        assertThat(codes.accepts(secret, current, stepStart.plusSeconds(20))).isTrue();
        assertThat(codes.accepts(secret, previous, stepStart.plusSeconds(14))).isTrue();
        assertThat(codes.accepts(secret, previous, stepStart.plusSeconds(15))).isFalse();
        assertThat(codes.accepts(secret, current, stepStart.plusSeconds(30 + 15))).isFalse();
    }

    @Test
    void codesDependOnTheSessionSecretAndVaryAcrossSteps() {
        String other = CheckInCodes.newSecret();
        assertThat(codes.accepts(other, codes.current(secret, stepStart).code(), stepStart))
                .as("another session's code (a 1 in a million coincidence aside)")
                .isEqualTo(codes.current(other, stepStart).code().equals(codes.current(secret, stepStart).code()));
        Set<String> seen = new HashSet<>();
        for (int step = 0; step < 100; step++) {
            seen.add(codes.current(secret, stepStart.plusSeconds(30L * step)).code());
        }
        assertThat(seen).hasSizeGreaterThan(95);
        assertThat(codes.accepts(secret, null, stepStart)).isFalse();
        assertThat(codes.accepts(secret, "12345", stepStart)).isFalse();
    }
}
