package com.attendancelive.support;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * ActiveMQ Artemis in the test's JVM with one STOMP acceptor on a free port. The prefixes make
 * Spring's destinations mean what they mean on ActiveMQ Classic: {@code /topic/x} a multicast
 * address {@code x}, {@code /queue/x} an anycast queue {@code x}.
 */
public final class EmbeddedArtemis extends TestBroker {

    private EmbeddedActiveMQ server;

    private EmbeddedArtemis(int port) {
        super(port);
    }

    public static EmbeddedArtemis startOnFreePort() {
        return startedOnFreePort(EmbeddedArtemis::new);
    }

    @Override
    public synchronized void start() {
        int port = port();
        try {
            ConfigurationImpl configuration = new ConfigurationImpl();
            configuration.setName("artemis-" + port);
            configuration.setPersistenceEnabled(false);
            configuration.setSecurityEnabled(false);
            configuration.setJMXManagementEnabled(false);
            configuration.addAcceptorConfiguration("stomp", "tcp://127.0.0.1:" + port
                    + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/");
            EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
            embedded.setConfiguration(configuration);
            embedded.start();
            server = embedded;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not start Artemis on port " + port, ex);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        finally {
            server = null;
        }
    }
}
