package com.attendancelive.loadgen;

import com.attendancelive.support.StompTestClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** Sessions of the plain WebSocket route {@code /ws/attendance/{classId}}, each with an ADMIN token of a user of its own ({@code Target.AppTarget#watcherToken}). */
final class PlainSessions implements AutoCloseable {

    private final List<WebSocketSession> open = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger closedByServer = new AtomicInteger();
    final long elapsedNanos;

    private PlainSessions(Target.AppTarget app, int count, int window, String classId, Consumer<String> onMessage)
            throws InterruptedException {
        StandardWebSocketClient client = StompTestClient.tomcatWebSocketClient();
        TextWebSocketHandler handler = new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                onMessage.accept(message.getPayload());
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
                if (open.remove(session)) {
                    closedByServer.incrementAndGet();
                }
            }
        };
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            URI uri = URI.create(app.httpBase().replace("http://", "ws://") + "/ws/attendance/" + classId);
            WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
            headers.add("Authorization", "Bearer " + app.watcherToken());
            client.execute(handler, headers, uri).whenComplete((session, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                }
                else {
                    open.add(session);
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

    @Override
    public void close() {
        for (WebSocketSession session : List.copyOf(open)) {
            open.remove(session);
            try {
                session.close();
            }
            catch (Exception ignored) {
                // already gone
            }
        }
    }
}
