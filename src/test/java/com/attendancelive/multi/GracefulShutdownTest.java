package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.Http;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.RawStompWebSocket;
import com.attendancelive.support.StandaloneBroker;
import com.attendancelive.support.TestLogin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping an instance (SIGTERM: server.shutdown=graceful) closes its STOMP sessions with a proper
 * WebSocket close, so clients notice at once and reconnect to another instance, which serves them.
 */
class GracefulShutdownTest {

    private final StandaloneBroker broker = StandaloneBroker.startOnFreePort();
    private AppInstance a;
    private AppInstance b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        broker.close();
    }

    @Test
    void stoppingAnInstanceClosesItsSessionsCleanlyAndClientsCarryOnAtAnother() throws Exception {
        a = AppInstance.start("a", AppInstance.externalBroker(broker.port()));
        b = AppInstance.start("b", AppInstance.externalBroker(broker.port()));
        Http.awaitReady(a.port());
        Http.awaitReady(b.port());

        RawStompWebSocket onA = RawStompWebSocket.connect(a.port(), headers(a.port()));
        onA.subscribe("1", "/topic/attendance/cs101");
        PlainSocketClient plainOnA = PlainSocketClient.open(a.port(), "/ws/attendance/cs101",
                "Bearer " + TestLogin.token(a.port(), "lovelace"));

        long started = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(a::close);
        RawStompWebSocket.Closed closed = onA.closed().get(30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        stopping.get(60, TimeUnit.SECONDS);
        System.out.printf("[GracefulShutdownTest] session on A closed after %d ms with %d '%s'; other frames: %s%n",
                millis, closed.code(), closed.reason(), onA.frames());
        assertThat(closed.code()).as("WebSocket close code: 1001 going away").isEqualTo(1001);
        PlainSocketClient.Closed plainClosed = plainOnA.awaitClosed(10);
        assertThat(plainClosed).isNotNull();
        assertThat(plainClosed.code()).as("the plain route too").isEqualTo(1001);

        try (RawStompWebSocket onB = RawStompWebSocket.connect(b.port(), headers(b.port()))) {
            onB.subscribe("1", "/topic/attendance/cs101");
            b.messaging().convertAndSend("/topic/attendance/cs101", "after the move");
            String frame = onB.nextFrame(10);
            assertThat(frame).startsWith("MESSAGE").endsWith("after the move");
        }
    }

    private static Map<String, List<String>> headers(int port) {
        return TestLogin.connectHeaders(port, "lovelace");
    }
}
