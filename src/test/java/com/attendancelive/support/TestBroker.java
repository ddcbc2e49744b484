package com.attendancelive.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/**
 * A broker a test runs on a port of its own, and can stop and start again there to simulate an
 * outage; closing it stops it.
 */
public abstract class TestBroker implements AutoCloseable {

    private final int port;

    protected TestBroker(int port) {
        this.port = port;
    }

    /** The broker {@code onPort} makes for a free port, started. */
    static <B extends TestBroker> B startedOnFreePort(IntFunction<B> onPort) {
        B broker = onPort.apply(freePort());
        broker.start();
        return broker;
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

    public int port() {
        return port;
    }

    public abstract void start();

    public abstract void stop();

    @Override
    public void close() {
        stop();
    }
}
