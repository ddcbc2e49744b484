/**
 * Real-time delivery: the subscriptions of this instance's sessions (STOMP and the plain route), the
 * instance's one broker connection, and the ordered, gap-free hand-over of events to local subscribers.
 * The transport module puts its interceptors and handler in place ({@link com.attendancelive.realtime.RealtimeChannels}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Realtime", allowedDependencies = { "attendance", "broker", "security", "shared", "system" })
package com.attendancelive.realtime;
