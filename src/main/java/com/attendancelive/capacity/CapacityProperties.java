package com.attendancelive.capacity;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.capacity.*}: how many sessions one instance holds and how it treats slow clients.
 *
 * @param inboundThreads      threads handling frames from clients ({@code 0}: Spring's default, 2 x cores)
 * @param outboundThreads     threads writing frames to clients ({@code 0}: Spring's default, 2 x cores)
 * @param sendTimeLimit       a send to one client taking longer than this closes the session
 * @param sendBufferSizeLimit frames buffered for one slow client beyond this close the session
 * @param messageSizeLimit    the largest STOMP frame a client may send
 * @param webSocketBufferSize Tomcat's per-session WebSocket text and binary message buffers
 * @param timeToFirstMessage  a WebSocket that sends no CONNECT within this is closed
 */
@Validated
@ConfigurationProperties("attendance.capacity")
public record CapacityProperties(
        @Min(0) @DefaultValue("0") int inboundThreads,
        @Min(0) @DefaultValue("0") int outboundThreads,
        @NotNull @DefaultValue("10s") Duration sendTimeLimit,
        @NotNull @DefaultValue("128KB") DataSize sendBufferSizeLimit,
        @NotNull @DefaultValue("16KB") DataSize messageSizeLimit,
        @NotNull @DefaultValue("8KB") DataSize webSocketBufferSize,
        @NotNull @DefaultValue("30s") Duration timeToFirstMessage) {
}
