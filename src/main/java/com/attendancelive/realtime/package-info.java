/**
 * Real-time delivery: the STOMP over WebSocket endpoint, the relay to the broker and its health.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Realtime")
package com.attendancelive.realtime;
