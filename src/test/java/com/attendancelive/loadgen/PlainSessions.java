package com.attendancelive.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sessions of the plain WebSocket route {@code /ws/attendance/{classId}}, each with an ADMIN token
 * of a user of its own ({@code Target.AppTarget#watcherToken}), all on one JDK {@link HttpClient}
 * (one selector thread for them all; it answers the server's pings by itself). {@link #endings}
 * tells how the sessions that ended early ended: that is how a garbled ping round showed.
 */
final class PlainSessions implements AutoCloseable {

    private final List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger closedByServer = new AtomicInteger();
    /** How the sessions that ended before {@link #close()} ended, or why a handshake failed, with how many. */
    final Map<String, Integer> endings = new ConcurrentHashMap<>();
    final long elapsedNanos;

    private PlainSessions(Target.AppTarget app, int count, int window, String classId, Consumer<String> onMessage)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        URI uri = URI.create(app.httpBase().replace("http://", "ws://") + "/ws/attendance/" + classId);
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(count);
        String[] tokens = new String[count]; // minted before the sessions are timed, as for STOMP (Sessions)
        for (int i = 0; i < count; i++) {
            tokens[i] = app.watcherToken();
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            client.newWebSocketBuilder().header("Authorization", "Bearer " + tokens[i])
                    .buildAsync(uri, new Listener(onMessage))
                    .whenComplete((socket, error) -> {
                        if (error != null) {
                            failures.incrementAndGet();
                            endings.merge("handshake failed: " + error, 1, Integer::sum);
                        }
                        else {
                            open.add(socket);
                        }
                        inFlight.release();
                        done.countDown();
                    });
        }
        done.await(Math.max(120, count / 20), TimeUnit.SECONDS);
        this.elapsedNanos = System.nanoTime() - start;
    }

    static PlainSessions open(Target.AppTarget app, int count, int window, String classId, Consumer<String> onMessage)
            throws InterruptedException {
        return new PlainSessions(app, count, window, classId, onMessage);
    }

    int connected() {
        return open.size();
    }

    private void ended(WebSocket socket, String how) {
        if (open.remove(socket)) {
            closedByServer.incrementAndGet();
            endings.merge(how, 1, Integer::sum);
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final Consumer<String> onMessage;
        private final StringBuilder partial = new StringBuilder();

        Listener(Consumer<String> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                onMessage.accept(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ended(socket, statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ended(socket, "error: " + error);
        }
    }

    @Override
    public void close() {
        for (WebSocket socket : List.copyOf(open)) {
            open.remove(socket);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((sent, error) -> socket.abort());
        }
    }
}
