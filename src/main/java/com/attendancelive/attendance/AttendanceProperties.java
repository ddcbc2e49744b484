package com.attendancelive.attendance;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.checkin.*}: how check-in codes rotate and how wrong codes are limited.
 *
 * @param codeStep how long one code is current
 * @param codeGrace how long after a rotation the previous code is still accepted
 * @param codeDigits length of a code
 * @param maxWrongCodes wrong codes one student may send within {@code wrongCodeWindow} before 429 (counted once for
 *                      the whole deployment)
 * @param wrongCodeWindow the window wrong codes are counted in
 * @param defaultLateAfterMinutes a session's late-after when the request names none
 * @param defaultDurationMinutes a session's duration when the request names none
 */
@Validated
@ConfigurationProperties("attendance.checkin")
public record AttendanceProperties(
        @NotNull @DefaultValue("30s") Duration codeStep,
        @NotNull @DefaultValue("15s") Duration codeGrace,
        @Min(6) @Max(9) @DefaultValue("6") int codeDigits,
        @Min(1) @DefaultValue("5") int maxWrongCodes,
        @NotNull @DefaultValue("5m") Duration wrongCodeWindow,
        @Min(0) @DefaultValue("10") int defaultLateAfterMinutes,
        @Min(1) @DefaultValue("90") int defaultDurationMinutes) {

    public AttendanceProperties {
        if (codeStep != null && codeStep.toSeconds() < 1) {
            throw new IllegalArgumentException("attendance.checkin.code-step must be at least 1s");
        }
        if (codeStep != null && codeGrace != null && (codeGrace.isNegative() || codeGrace.compareTo(codeStep) > 0)) {
            throw new IllegalArgumentException("attendance.checkin.code-grace must be between 0 and code-step");
        }
    }
}
