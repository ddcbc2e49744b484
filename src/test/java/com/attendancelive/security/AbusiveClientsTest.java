package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Clients that would hold an instance's resources: one that never sends CONNECT, one that sends
 * a heart-beat instead, one that floods frames. Each is closed on its own, and a legitimate subscriber
 * of the same instance is served meanwhile. (A client that stops reading: {@link StalledClientTest}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"attendance.security.time-to-first-message=1s", "attendance.security.max-frames-per-second=20"})
@ActiveProfiles("test")
class AbusiveClientsTest {

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    @Test
    void aWebSocketThatNeverSendsConnectIsClosedWith1008() {
        Http.awaitReady(port);
        try (RawStompClient silent = RawStompClient.open(port)) {
            assertThat(silent.awaitClosed(1)).as("still open within the deadline").isNull();
            RawStompClient.Closed closed = silent.awaitClosed(5);
            assertThat(closed).as("closed").isNotNull();
            assertThat(closed.code()).as("close code").isEqualTo(1008);
        }
    }

    /** Spring's STOMP handler takes no frame, a heart-beat included, before CONNECT: the deadline is for silent ones. */
    @Test
    void aHeartBeatBeforeConnectIsRefusedAtOnce() {
        Http.awaitReady(port);
        try (RawStompClient heartBeatsOnly = RawStompClient.open(port)) {
            heartBeatsOnly.send("\n");
            RawStompClient.Frame error = heartBeatsOnly.next(5);
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("not connected: send CONNECT with a bearer token first");
            assertThat(heartBeatsOnly.awaitClosed(5)).isNotNull();
        }
    }

    @Test
    void aConnectedSessionKeepsItsWebSocketPastTheDeadline() {
        Http.awaitReady(port);
        try (RawStompClient connected = RawStompClient.connectedAs(port, "admin")) {
            sleep(3_000);
            assertThat(connected.isClosed()).isFalse();
            connected.subscribed("/topic/attendance/cs101", "s-1");
        }
    }

    @Test
    void aClientFloodingFramesIsClosedAndOthersAreServed() throws Exception {
        Http.awaitReady(port);
        try (StompTestClient client = new StompTestClient();
                RawStompClient flooder = RawStompClient.connectedAs(port, "admin")) {
            BlockingQueue<String> legitimate = client.connect(port, TestLogin.connectHeaders(port, "admin"))
                    .subscribe("/topic/attendance/cs101");
            for (int i = 0; i < 500 && !flooder.isClosed(); i++) {
                flooder.frame("SUBSCRIBE", null, "destination", "/topic/attendance/cs101", "id", "f-" + i);
            }
            RawStompClient.Frame error = null;
            for (RawStompClient.Frame frame; (frame = flooder.next(5)) != null; ) {
                if (frame.command().equals("ERROR")) {
                    error = frame;
                    break;
                }
            }
            assertThat(error).as("an ERROR for the flood").isNotNull();
            assertThat(error.header("message")).isEqualTo("too many frames: at most 20 per second");
            assertThat(flooder.awaitClosed(10)).as("the flooder's session is closed").isNotNull();

            String event = "after the flood " + UUID.randomUUID();
            messaging.convertAndSend("/topic/attendance/cs101", event);
            assertThat(legitimate.poll(5, TimeUnit.SECONDS)).isEqualTo(event);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
