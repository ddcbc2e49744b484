package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.StandaloneBroker;
import com.attendancelive.support.TestLogin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stopping an instance (SIGTERM: server.shutdown=graceful) closes its STOMP sessions with a proper
 * WebSocket close, so clients notice at once and reconnect to another instance, which serves them.
 */
@Tag("slow")
class GracefulShutdownTest {

    private final StandaloneBroker broker = StandaloneBroker.startOnFreePort();
    private AppInstance a;
    private AppInstance b;

    @AfterEach
    void stop() {
        AppInstance.closeAll(a, b);
        broker.close();
    }

    @Test
    void stoppingAnInstanceClosesItsSessionsCleanlyAndClientsCarryOnAtAnother() throws Exception {
        a = AppInstance.start("a", AppInstance.externalBroker(broker.port()));
        b = AppInstance.start("b", AppInstance.externalBroker(broker.port()));
        AppInstance.awaitReady(a, b);

        RawStompClient onA = RawStompClient.connected(a.port(), headers(a.port()));
        onA.subscribed("/topic/attendance/cs101", "1");
        PlainSocketClient plainOnA = PlainSocketClient.open(a.port(), "/ws/attendance/cs101",
                "Bearer " + TestLogin.token(a.port(), "lovelace"));

        long started = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(a::close);
        RawStompClient.Closed closed = onA.awaitClosed(30);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        stopping.get(60, TimeUnit.SECONDS);
        System.out.printf("[GracefulShutdownTest] session on A closed after %d ms with %d '%s'; other frames: %s%n",
                millis, closed == null ? 0 : closed.code(), closed == null ? null : closed.reason(), onA.received());
        assertThat(closed).as("session on A closed").isNotNull();
        assertThat(closed.code()).as("WebSocket close code: 1001 going away").isEqualTo(1001);
        PlainSocketClient.Closed plainClosed = plainOnA.awaitClosed(10);
        assertThat(plainClosed).isNotNull();
        assertThat(plainClosed.code()).as("the plain route too").isEqualTo(1001);

        try (RawStompClient onB = RawStompClient.connected(b.port(), headers(b.port()))) {
            onB.subscribed("/topic/attendance/cs101", "1");
            b.messaging().convertAndSend("/topic/attendance/cs101", "after the move");
            RawStompClient.Frame frame = onB.next(10);
            assertThat(frame).isNotNull();
            assertThat(frame.command()).isEqualTo("MESSAGE");
            assertThat(frame.body()).endsWith("after the move");
        }
    }

    private static Map<String, List<String>> headers(int port) {
        return TestLogin.connectHeaders(port, "lovelace");
    }
}
