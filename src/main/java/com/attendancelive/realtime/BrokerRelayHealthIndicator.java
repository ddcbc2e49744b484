package com.attendancelive.realtime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.stereotype.Component;

/**
 * UP while the STOMP broker (the relay's system connection, or the simple broker) is available.
 * Part of the readiness group: an instance without its broker cannot deliver events.
 */
@Component("brokerRelay")
class BrokerRelayHealthIndicator implements HealthIndicator {

    private volatile boolean available;

    @EventListener
    void onBrokerAvailability(BrokerAvailabilityEvent event) {
        this.available = event.isBrokerAvailable();
    }

    @Override
    public Health health() {
        return available
                ? Health.up().build()
                : Health.down().withDetail("reason", "no connection to the STOMP broker").build();
    }
}
