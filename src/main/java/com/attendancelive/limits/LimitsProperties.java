package com.attendancelive.limits;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.limits.*}: the shared attempt counters (table {@code attempt_counter}).
 *
 * @param maxTrackedKeys counters kept at most; past it the cleanup removes the fewest-attempts,
 *                       oldest ones first, so a flood of distinct names cannot grow the table without bound
 * @param cleanupInterval how often each instance removes expired counters and enforces {@code maxTrackedKeys}
 * @param statementTimeout longest a counter statement may take on PostgreSQL before the store counts as
 *                         unavailable (whole seconds, at least 1: JDBC's query timeout); on H2 its lock timeout applies
 * @param connections the limiter's own connections to PostgreSQL, for the counts made outside any
 *                    transaction (logins); each is held for well under a millisecond per call
 */
@Validated
@ConfigurationProperties("attendance.limits")
public record LimitsProperties(
        @Min(1) @DefaultValue("100000") int maxTrackedKeys,
        @NotNull @DefaultValue("1m") Duration cleanupInterval,
        @NotNull @DefaultValue("1s") Duration statementTimeout,
        @Min(1) @DefaultValue("4") int connections) {

    public LimitsProperties {
        if (cleanupInterval != null && cleanupInterval.toMillis() < 1) {
            throw new IllegalArgumentException("attendance.limits.cleanup-interval must be positive");
        }
        if (statementTimeout != null && statementTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("attendance.limits.statement-timeout must be at least 1s");
        }
    }
}
