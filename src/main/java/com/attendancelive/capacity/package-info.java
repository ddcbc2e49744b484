/**
 * Capacity settings of the STOMP transport: client channel thread pools, WebSocket buffer and
 * message size limits, slow-client limits. See docs/benchmarks.md for why each value.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Capacity")
package com.attendancelive.capacity;
