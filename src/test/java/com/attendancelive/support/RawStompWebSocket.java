package com.attendancelive.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * STOMP frames over the JDK's WebSocket client, frame by frame: for tests that must see exactly
 * what reaches a client (ERROR frames, the WebSocket close code), which a full STOMP client hides.
 */
public final class RawStompWebSocket implements AutoCloseable {

    /** How the server ended the WebSocket: its close code and reason. */
    public record Closed(int code, String reason) {
    }

    private final WebSocket socket;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private RawStompWebSocket(int port) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (!text.isBlank()) { // heart-beats are bare newlines
                        frames.add(text);
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://localhost:" + port + "/ws"), listener).get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("WebSocket connect to port " + port + " failed", ex);
        }
    }

    /** Opens {@code /ws} and sends CONNECT with the given headers; waits for CONNECTED. */
    public static RawStompWebSocket connect(int port, Map<String, List<String>> connectHeaders) {
        RawStompWebSocket client = new RawStompWebSocket(port);
        StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nheart-beat:0,0\n");
        connectHeaders.forEach((name, values) -> values.forEach(value -> frame.append(name).append(':').append(value).append('\n')));
        client.sendFrame(frame.append('\n').toString());
        String answer = client.nextFrame(10);
        if (answer == null || !answer.startsWith("CONNECTED")) {
            throw new IllegalStateException("No CONNECTED frame but: " + answer);
        }
        return client;
    }

    public void sendFrame(String frameWithoutNul) {
        socket.sendText(frameWithoutNul + "\0", true).join();
    }

    /** SUBSCRIBE with a receipt; returns once the RECEIPT arrived. */
    public void subscribe(String id, String destination) {
        sendFrame("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\nreceipt:r-" + id + "\n\n");
        String answer = nextFrame(10);
        if (answer == null || !answer.startsWith("RECEIPT")) {
            throw new IllegalStateException("No RECEIPT for " + destination + " but: " + answer);
        }
    }

    /** The next frame (without its trailing NUL), or null after the timeout. */
    public String nextFrame(long seconds) {
        try {
            String frame = frames.poll(seconds, TimeUnit.SECONDS);
            return frame == null ? null : frame.replace("\0", "");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public BlockingQueue<String> frames() {
        return frames;
    }

    public CompletableFuture<Closed> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
