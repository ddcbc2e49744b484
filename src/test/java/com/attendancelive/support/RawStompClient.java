package com.attendancelive.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A STOMP client that writes frames byte for byte, as a hostile client would: any command, any
 * header, any destination, malformed or oversized frames; for tests that must see exactly what
 * reaches a client (ERROR frames, the WebSocket close code), which a full STOMP client hides.
 * Records every frame the server sends and whether and how the server closed the WebSocket.
 */
public final class RawStompClient extends QueuedWebSocket<RawStompClient.Frame> {

    public record Frame(String command, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private RawStompClient(int port) {
        super(URI.create("ws://localhost:" + port + "/ws"), Map.of(), RawStompClient::parse);
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
        client.expectConnected();
        return client;
    }

    /** Connects with the given CONNECT headers (for example {@code TestLogin.connectHeaders}) and waits for CONNECTED. */
    public static RawStompClient connected(int port, Map<String, List<String>> connectHeaders) {
        RawStompClient client = open(port);
        StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nheart-beat:0,0\n");
        connectHeaders.forEach((name, values) -> values.forEach(value -> frame.append(name).append(':').append(value).append('\n')));
        client.send(frame.append("\n\0").toString());
        client.expectConnected();
        return client;
    }

    /** Connects as a demo user (password sign-in) and waits for CONNECTED. */
    public static RawStompClient connectedAs(int port, String username) {
        return connected(port, TestLogin.bearer(port, username));
    }

    private void expectConnected() {
        Frame frame = next(10);
        if (frame == null || !"CONNECTED".equals(frame.command())) {
            throw new IllegalStateException("Expected CONNECTED, got " + frame);
        }
    }

    public void send(String rawFrame) {
        socket().sendText(rawFrame, true).join();
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

    /** {@link #subscribe}, which must be answered RECEIPT. */
    public void subscribed(String destination, String id, String... extraHeaders) {
        assertThat(subscribe(destination, id, extraHeaders)).as("the answer to SUBSCRIBE " + destination)
                .extracting(Frame::command).isEqualTo("RECEIPT");
    }

    /** A MESSAGE frame whose body is the event of the given seq: a sentinel for {@link #before}. */
    public static Predicate<Frame> eventOfSeq(long seq) {
        Predicate<String> hasSeq = Received.hasSeq(seq);
        return frame -> "MESSAGE".equals(frame.command()) && hasSeq.test(frame.body());
    }

    public boolean receivedMessage() {
        return received().stream().anyMatch(frame -> "MESSAGE".equals(frame.command()));
    }

    private static List<Frame> parse(String text) {
        List<Frame> frames = new ArrayList<>();
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
            frames.add(new Frame(lines[0].trim(), headers, body));
        }
        return frames;
    }

    private static String unescape(String value) {
        return value.replace("\\c", ":").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
    }
}
