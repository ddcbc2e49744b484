package com.attendancelive.realtime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.realtime.*}: how events reach this instance's subscribers.
 *
 * @param fallbackPoll how often the database is read for events the broker did not bring: while the
 *                     broker is away, everything committed since; otherwise, what was committed before
 *                     the previous poll and has still not arrived (a lost broker message)
 * @param replayLimit  the most events a SUBSCRIBE with {@code after-seq} replays; further behind, it
 *                     gets a RESYNC instead
 * @param plainPingInterval how often the plain WebSocket route pings its peers; one silent for two
 *                          intervals is closed
 */
@Validated
@ConfigurationProperties("attendance.realtime")
public record RealtimeProperties(
        @NotNull @DefaultValue("2s") Duration fallbackPoll,
        @Min(1) @Max(100_000) @DefaultValue("1000") int replayLimit,
        @NotNull @DefaultValue("25s") Duration plainPingInterval) {
}
