package com.attendancelive.support;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * A client of the plain WebSocket route {@code /ws/attendance/{classId}}: JSON text frames in and
 * out, the close code the server sent, and the HTTP status of a refused handshake.
 */
public final class PlainSocketClient extends QueuedWebSocket<String> {

    private PlainSocketClient(int port, String pathAndQuery, String authorization, String origin) {
        super(URI.create("ws://localhost:" + port + pathAndQuery), handshakeHeaders(authorization, origin), List::of);
    }

    private static Map<String, String> handshakeHeaders(String authorization, String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (origin != null) {
            headers.put("Origin", origin);
        }
        return headers;
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
        socket().sendText(text, true).join();
    }

    /** Sends unless the connection's output is closed already (the server closed it meanwhile); false then. */
    public boolean trySend(String text) {
        try {
            send(text);
            return true;
        }
        catch (java.util.concurrent.CompletionException closing) {
            return false;
        }
    }

    public void sendBinary(byte[] bytes) {
        socket().sendBinary(ByteBuffer.wrap(bytes), true).join();
    }
}
