package com.attendancelive.support;

import com.attendancelive.broker.BrokerProperties;
import com.attendancelive.broker.EmbeddedActiveMqBroker;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.broker.BrokerService;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * An ActiveMQ Classic broker that a test starts and stops by itself, standing in for the external
 * broker of a production deployment: the application's own broker set-up ({@link EmbeddedActiveMqBroker},
 * as {@code StandaloneBrokerApplication} runs it) on 127.0.0.1 and a port of its own. It can be
 * restarted on the same port to simulate an outage.
 */
public final class StandaloneBroker extends TestBroker {

    private final EmbeddedActiveMqBroker broker;

    private StandaloneBroker(int port) {
        super(port);
        BrokerProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("attendance.broker.port", port)))
                .bindOrCreate("attendance.broker", BrokerProperties.class);
        this.broker = new EmbeddedActiveMqBroker(properties);
    }

    public static StandaloneBroker startOnFreePort() {
        return startedOnFreePort(StandaloneBroker::new);
    }

    @Override
    public synchronized void start() {
        broker.start();
    }

    @Override
    public synchronized void stop() {
        broker.stop();
    }

    /** An ActiveMQ Classic broker as the tests use it (in memory, no JMX, no advisories), not yet started. */
    public static BrokerService newBrokerService(String namePrefix) {
        BrokerService service = new BrokerService();
        service.setBrokerName(namePrefix + "-" + UUID.randomUUID());
        service.setPersistent(false);
        service.setUseJmx(false);
        service.setUseShutdownHook(false);
        service.setAdvisorySupport(false);
        return service;
    }
}
