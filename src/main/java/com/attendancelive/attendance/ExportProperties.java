package com.attendancelive.attendance;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.exports.*}: the CSV exports (docs/attendance.md, "CSV exports").
 *
 * @param maxRange the longest {@code from..to} range one export may cover, in whole days (both dates count)
 * @param fetchSize rows the database sends per round trip while an export streams
 * @param maxConcurrentRangeExports range exports written at the same time on one instance; each holds a
 *        request thread and a database connection until its client has read the whole file
 */
@Validated
@ConfigurationProperties("attendance.exports")
public record ExportProperties(
        @NotNull @DefaultValue("366d") Duration maxRange,
        @Min(1) @Max(100_000) @DefaultValue("1000") int fetchSize,
        @Min(1) @DefaultValue("4") int maxConcurrentRangeExports) {

    public ExportProperties {
        if (maxRange != null && (maxRange.toDays() < 1 || !maxRange.equals(Duration.ofDays(maxRange.toDays())))) {
            throw new IllegalArgumentException("attendance.exports.max-range must be a whole number of days, at least 1d");
        }
    }

    long maxRangeDays() {
        return maxRange.toDays();
    }
}
