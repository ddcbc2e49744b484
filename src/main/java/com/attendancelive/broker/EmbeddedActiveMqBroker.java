package com.attendancelive.broker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * An in-process ActiveMQ Classic broker with one STOMP connector. Runs in an early lifecycle
 * phase so that it is up before the instance connects and still up while that connection closes.
 */
public class EmbeddedActiveMqBroker implements SmartLifecycle, BrokerAddress {

    /** Before {@link SmartLifecycle#DEFAULT_PHASE}, and before the instance's broker connection. */
    public static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedActiveMqBroker.class);

    private final BrokerProperties properties;
    private volatile BrokerService broker;
    private volatile InetSocketAddress boundAddress;

    public EmbeddedActiveMqBroker(BrokerProperties properties) {
        this.properties = properties;
    }

    @Override
    public void start() {
        try {
            BrokerService service = new BrokerService();
            // A unique name: several application contexts in one JVM (tests) must not share a broker.
            service.setBrokerName("attendance-" + UUID.randomUUID());
            service.setPersistent(false);
            service.setUseJmx(false);
            service.setUseShutdownHook(false);
            // Advisory messages are not used, and their JSON transformation breaks on some STOMP headers.
            service.setAdvisorySupport(false);
            TransportConnector connector = service.addConnector(connectorUri());
            service.start();
            service.waitUntilStarted();
            URI bound = connector.getConnectUri();
            this.boundAddress = new InetSocketAddress(properties.host(), bound.getPort());
            this.broker = service;
            log.info("Embedded ActiveMQ broker listening for STOMP on {}:{}", properties.host(), bound.getPort());
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not start the embedded ActiveMQ broker on "
                    + properties.host() + ":" + properties.port() + ": " + ex.getMessage(), ex);
        }
    }

    private String connectorUri() {
        // NIO: one selector thread instead of a thread per connection.
        // hbGracePeriodMultiplier: the default of 1.0 drops healthy idle connections.
        return "stomp+nio://" + properties.host() + ":" + properties.port()
                + "?transport.hbGracePeriodMultiplier=1.5"
                + "&maximumConnections=" + properties.maxConnections();
    }


    @Override
    public void stop() {
        BrokerService service = this.broker;
        if (service == null) {
            return;
        }
        try {
            service.stop();
            service.waitUntilStopped();
        }
        catch (Exception ex) {
            log.warn("Embedded ActiveMQ broker did not stop cleanly", ex);
        }
        finally {
            this.broker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return broker != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public InetSocketAddress socketAddress() {
        InetSocketAddress address = boundAddress;
        if (address == null) {
            throw new IllegalStateException("The embedded broker has not started yet");
        }
        return address;
    }
}
