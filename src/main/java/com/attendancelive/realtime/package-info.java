/**
 * Real-time delivery: the STOMP over WebSocket endpoint and its sessions, the
 * instance's one broker connection, and the ordered, gap-free hand-over of events to local subscribers.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Realtime")
package com.attendancelive.realtime;
