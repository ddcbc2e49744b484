package com.attendancelive.realtime;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code broker} component of {@code /actuator/health}: DOWN while the instance has no broker
 * connection, so the overall status says so. It is not part of the readiness group: events then
 * come from the database, and a load balancer must not take every instance out because the one
 * shared broker is away. In simple mode (no broker) it is always UP.
 */
@Component("broker")
class BrokerHealthIndicator implements HealthIndicator {

    private final ObjectProvider<BrokerLink> link;

    BrokerHealthIndicator(ObjectProvider<BrokerLink> link) {
        this.link = link;
    }

    @Override
    public Health health() {
        BrokerLink broker = link.getIfAvailable();
        if (broker == null) {
            return Health.up().withDetail("mode", "simple").build();
        }
        return broker.isConnected()
                ? Health.up().build()
                : Health.down().withDetail("reason", "no connection to the STOMP broker; events are read from the database")
                        .build();
    }
}
