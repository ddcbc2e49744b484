package com.attendancelive.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.apache.activemq.broker.BrokerService;

/**
 * An ActiveMQ Classic broker that a test starts and stops by itself, standing in for the external
 * broker of a production deployment. It can be restarted on the same port to simulate an outage.
 */
public final class StandaloneBroker implements AutoCloseable {

    private final int port;
    private BrokerService broker;

    private StandaloneBroker(int port) {
        this.port = port;
    }

    public static StandaloneBroker startOnFreePort() {
        StandaloneBroker broker = new StandaloneBroker(freePort());
        broker.start();
        return broker;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            BrokerService service = newBrokerService("standalone");
            service.addConnector("stomp+nio://127.0.0.1:" + port + "?transport.hbGracePeriodMultiplier=1.5");
            service.start();
            service.waitUntilStarted();
            broker = service;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not start a test broker on port " + port, ex);
        }
    }

    public synchronized void stop() {
        if (broker == null) {
            return;
        }
        try {
            broker.stop();
            broker.waitUntilStopped();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        finally {
            broker = null;
        }
    }

    @Override
    public void close() {
        stop();
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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
