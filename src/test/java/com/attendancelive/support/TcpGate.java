package com.attendancelive.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between the application and its broker that a test can open and close: closed,
 * it drops every connection and refuses new ones. Lets a test bring the broker back and attach its
 * own observer before the application's relay can reconnect.
 */
public final class TcpGate implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    public TcpGate(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        Thread acceptor = new Thread(this::accept, "tcp-gate-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void open() {
        open = true;
    }

    /** Drops every forwarded connection; new ones are closed at once until {@link #open()}. */
    public void close() {
        open = false;
        sockets.forEach(TcpGate::quietly);
        sockets.clear();
    }

    public void shutdown() {
        close();
        quietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    quietly(client);
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket("127.0.0.1", targetPort);
                }
                catch (IOException brokerDown) {
                    quietly(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            }
            catch (IOException ex) {
                // the broker is down or the gate shut: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // connection ended
            }
            finally {
                quietly(from);
                quietly(to);
            }
        }, "tcp-gate-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void quietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
    }
}
