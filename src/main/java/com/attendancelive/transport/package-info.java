/**
 * The WebSocket transport, configured in one place ({@link com.attendancelive.transport.TransportConfiguration}):
 * the STOMP endpoint and the plain route, the channel interceptors other modules provide (in their
 * order), session, frame and buffer limits, handshake limits, client channel and delivery thread
 * pools, file descriptors. Why each value: docs/benchmarks-log.md#tuning-and-why.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Transport",
        allowedDependencies = { "security", "realtime", "monitoring", "broker", "shared", "system" })
package com.attendancelive.transport;
