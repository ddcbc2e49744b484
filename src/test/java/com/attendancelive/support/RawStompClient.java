package com.attendancelive.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A STOMP client that writes frames byte for byte, as a hostile client would: any command, any
 * header, any destination, malformed or oversized frames. Records every frame the server sends
 * and whether and how the server closed the WebSocket.
 */
public final class RawStompClient implements AutoCloseable {

    public record Frame(String command, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final WebSocket socket;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Frame> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean stalled;

    private RawStompClient(int port) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    parse(partial.toString());
                    partial.setLength(0);
                }
                if (!stalled) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), listener)
                .join();
    }

    public static RawStompClient open(int port) {
        return new RawStompClient(port);
    }

    /** Opens a WebSocket and sends CONNECT with the given Authorization header value (null: none). */
    public static RawStompClient connect(int port, String authorization) {
        RawStompClient client = open(port);
        client.send("CONNECT\naccept-version:1.2\nheart-beat:0,0\n"
                + (authorization == null ? "" : "Authorization:" + authorization + "\n") + "\n\0");
        return client;
    }

    /** Connects and waits for CONNECTED. */
    public static RawStompClient connected(int port, String authorization) {
        RawStompClient client = connect(port, authorization);
        Frame frame = client.next(10);
        if (frame == null || !"CONNECTED".equals(frame.command())) {
            throw new IllegalStateException("Expected CONNECTED, got " + frame);
        }
        return client;
    }

    /** Stops reading: the socket's buffers fill and the server's writes to this client block. */
    public void stall() {
        stalled = true;
    }

    public void send(String rawFrame) {
        socket.sendText(rawFrame, true).join();
    }

    /** Sends a frame built from a command, headers (name, value pairs) and a body. */
    public void frame(String command, String body, String... headers) {
        StringBuilder frame = new StringBuilder(command).append('\n');
        for (int i = 0; i < headers.length; i += 2) {
            frame.append(headers[i]).append(':').append(headers[i + 1]).append('\n');
        }
        frame.append('\n').append(body == null ? "" : body).append('\0');
        send(frame.toString());
    }

    /** SUBSCRIBE with a receipt; returns the server's answer: RECEIPT when subscribed, ERROR when refused. */
    public Frame subscribe(String destination, String id, String... extraHeaders) {
        String[] headers = new String[6 + extraHeaders.length];
        headers[0] = "destination";
        headers[1] = destination;
        headers[2] = "id";
        headers[3] = id;
        headers[4] = "receipt";
        headers[5] = "r-" + id;
        System.arraycopy(extraHeaders, 0, headers, 6, extraHeaders.length);
        frame("SUBSCRIBE", null, headers);
        return next(10);
    }

    /** The next frame from the server, or null after the timeout. */
    public Frame next(int seconds) {
        try {
            return frames.poll(seconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every frame received so far. */
    public List<Frame> received() {
        return List.copyOf(all);
    }

    public boolean receivedMessage() {
        return all.stream().anyMatch(frame -> "MESSAGE".equals(frame.command()));
    }

    /** The close status code once the server closed the connection, or null if still open after the timeout. */
    public Integer awaitClosed(int seconds) {
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

    private void parse(String text) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\0', start);
            String raw = end < 0 ? text.substring(start) : text.substring(start, end);
            start = end < 0 ? text.length() : end + 1;
            String trimmed = raw.replaceFirst("^[\\r\\n]+", "");
            if (trimmed.isEmpty()) {
                continue; // heart-beat
            }
            int headerEnd = trimmed.indexOf("\n\n");
            String head = headerEnd < 0 ? trimmed : trimmed.substring(0, headerEnd);
            String body = headerEnd < 0 ? "" : trimmed.substring(headerEnd + 2);
            String[] lines = head.split("\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon), unescape(lines[i].substring(colon + 1)));
                }
            }
            Frame frame = new Frame(lines[0].trim(), headers, body);
            all.add(frame);
            frames.add(frame);
        }
    }

    private static String unescape(String value) {
        return value.replace("\\c", ":").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
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
