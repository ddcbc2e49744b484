package com.attendancelive.transport;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.capacity.*}: the WebSocket transport's thread pools and per-session buffers. Slow
 * client limits and the session limit are set under {@code attendance.security.*}, also applied by
 * {@link TransportConfiguration}.
 *
 * @param inboundThreads       threads handling frames from clients ({@code 0}: Spring's default, 2 x cores)
 * @param outboundThreads      threads writing frames to clients ({@code 0}: Spring's default, 2 x cores)
 * @param webSocketBufferSize  each WebSocket session's text and binary message buffers: Tomcat hands
 *                             a client's message over in pieces of this size, so it limits no message
 *                             (a STOMP frame: {@code attendance.security.max-frame-size}; the plain
 *                             route: 4 KB)
 * @param connectionBufferSize Tomcat's per-connection socket read and write buffers, and each WebSocket
 *                             session's frame read, write and encoding buffers: they carry a message
 *                             in pieces, so they do not limit its size
 * @param webSocketCompression whether a session may use permessage-deflate when the client offers it
 *                             (every browser does): each such session holds a zlib deflater and inflater
 * @param deliveryThreads      threads sending committed attendance events to the broker, off the
 *                             request threads; each drains one class at a time and mostly waits for the
 *                             broker's receipt, so there are more of them than cores (and each holds a
 *                             database connection while it drains)
 */
@Validated
@ConfigurationProperties("attendance.capacity")
public record CapacityProperties(
        @Min(0) @DefaultValue("0") int inboundThreads,
        @Min(0) @DefaultValue("0") int outboundThreads,
        @NotNull @DefaultValue("1KB") DataSize webSocketBufferSize,
        @NotNull @DefaultValue("1KB") DataSize connectionBufferSize,
        @DefaultValue("false") boolean webSocketCompression,
        @Min(1) @DefaultValue("16") int deliveryThreads) {
}
