package com.attendancelive.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the plain WebSocket route {@code /ws/attendance/{classId}}: JSON text frames in and
 * out, the close code the server sent, and the HTTP status of a refused handshake.
 */
public final class PlainSocketClient implements AutoCloseable {

    /** A closed connection: the code and reason the server sent. */
    public record Closed(int code, String reason) {
    }

    private final WebSocket socket;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private volatile boolean stalled;

    private PlainSocketClient(int port, String pathAndQuery, String authorization, String origin) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    all.add(partial.toString());
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                if (!stalled) {
                    webSocket.request(1);
                }
                return null;
            }

            /** Stalled, it reads nothing more after this ping, so it answers no later ones. */
            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                if (!stalled) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, error.toString()));
            }
        };
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.buildAsync(URI.create("ws://localhost:" + port + pathAndQuery), listener).join();
    }

    /** Opens {@code pathAndQuery} (for example {@code /ws/attendance/cs101?afterSeq=3}); {@code authorization} may be null. */
    public static PlainSocketClient open(int port, String pathAndQuery, String authorization) {
        return new PlainSocketClient(port, pathAndQuery, authorization, null);
    }

    /** The HTTP status of a handshake the server refused, or 101 if it was accepted (and then closed). */
    public static int handshakeStatus(int port, String pathAndQuery, String authorization) {
        return handshakeStatus(port, pathAndQuery, authorization, null);
    }

    /** The same, from a browser page of {@code origin}. */
    public static int handshakeStatus(int port, String pathAndQuery, String authorization, String origin) {
        try (PlainSocketClient accepted = new PlainSocketClient(port, pathAndQuery, authorization, origin)) {
            return 101;
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw ex;
        }
    }

    /** The body of a refused handshake. */
    public static String handshakeBody(int port, String pathAndQuery, String authorization) {
        try (PlainSocketClient accepted = open(port, pathAndQuery, authorization)) {
            throw new AssertionError("the handshake was accepted");
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refused) {
                return String.valueOf(refused.getResponse().body());
            }
            throw ex;
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next JSON message, or null after the timeout. */
    public String next(int seconds) {
        try {
            return messages.poll(seconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every message received so far. */
    public List<String> received() {
        return List.copyOf(all);
    }

    /** Stops reading, so pings go unanswered; {@link #resume()} reads on. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        stalled = false;
        socket.request(1);
    }

    /** How the server closed the connection, or null if it is still open after the timeout. */
    public Closed awaitClosed(int seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            }
            catch (Exception ignored) {
                socket.abort();
            }
        }
    }
}
