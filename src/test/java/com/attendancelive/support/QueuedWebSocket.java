package com.attendancelive.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The JDK's WebSocket client with what the server sends queued in arrival order: the test
 * clients of both routes ({@link RawStompClient}, {@link PlainSocketClient}) differ only in how a
 * text message becomes items. Records how the server closed the WebSocket, and can stop reading.
 */
public abstract class QueuedWebSocket<T> implements AutoCloseable {

    /** How the server ended the WebSocket: its close code and reason (-1 and the error if it broke). */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<T> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final List<String> pings = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private final WebSocket socket;

    /** Opens the WebSocket; {@code decode} turns one whole text message into items (it must not use subclass fields). */
    protected QueuedWebSocket(URI uri, Map<String, String> handshakeHeaders, Function<String, List<T>> decode) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    List<T> items = decode.apply(partial.toString());
                    partial.setLength(0);
                    all.addAll(items);
                    queue.addAll(items);
                }
                if (!stalled) {
                    webSocket.request(1);
                }
                return null;
            }

            /** Stalled, it reads nothing more after this ping, so it answers no later ones. */
            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                pings.add(java.nio.charset.StandardCharsets.UTF_8.decode(message).toString());
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
        handshakeHeaders.forEach(builder::header);
        this.socket = builder.buildAsync(uri, listener).join();
    }

    protected final WebSocket socket() {
        return socket;
    }

    /** The next item from the server, or null after the timeout. */
    public T next(int seconds) {
        try {
            return queue.poll(seconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What arrives before the first item {@code sentinel} accepts (see {@link Received#before}); fails without it. */
    public List<T> before(Predicate<T> sentinel, int seconds) {
        try {
            return Received.before(queue, sentinel, Duration.ofSeconds(seconds));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The payload of every ping received so far. */
    public List<String> pings() {
        return List.copyOf(pings);
    }

    /** Every item received so far. */
    public List<T> received() {
        return List.copyOf(all);
    }

    /** Stops reading: the socket's buffers fill, the server's writes block and pings go unanswered. */
    public void stall() {
        stalled = true;
    }

    /** Reads on after {@link #stall()}. */
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

    public boolean isClosed() {
        return closed.isDone();
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
