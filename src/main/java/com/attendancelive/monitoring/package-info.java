/**
 * Operational metrics (Micrometer, scraped on {@code /actuator/prometheus}): STOMP sessions and
 * subscriptions, the broker connection, message rates, slow-client closes, check-ins and events
 * waiting for publication.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Monitoring", allowedDependencies = { "attendance", "broker", "realtime" })
package com.attendancelive.monitoring;
