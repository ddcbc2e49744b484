package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * A client that stops reading while events keep coming is disconnected at the send-time limit, and
 * a healthy subscriber of the same class keeps receiving every event, in order, meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.security.send-time-limit=1s")
@ActiveProfiles("test")
class StalledClientTest {

    private static final int EVENTS = 4_000;
    private static final int WINDOW = 100;
    private static final String FILLER = "x".repeat(4_000);

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    @Autowired
    SubProtocolWebSocketHandler webSocketHandler;

    @Test
    void aStalledClientIsCutOffWithoutHoldingUpTheOthers() throws Exception {
        Http.awaitReady(port);
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection healthy = client.connect(port, TestLogin.connectHeaders(port, "admin"));
                RawStompClient stalled = RawStompClient.connectedAs(port, "admin")) {
            BlockingQueue<String> received = healthy.subscribe("/topic/attendance/cs101");
            stalled.subscribed("/topic/attendance/cs101", "s-1");
            assertThat(webSocketHandler.getStats().getWebSocketSessions()).isEqualTo(2);
            stalled.stall();

            // About 16 MB to each session: more than the loopback socket buffers between the server and the
            // stalled client hold. Published at the pace the healthy subscriber reads, with at most WINDOW
            // events (400 KB) outstanding, so only the stalled client falls behind: an unpaced burst could
            // fill the healthy client's send buffer (512 KB) too, and that would rightly close it as well.
            List<Integer> order = new ArrayList<>();
            for (int i = 1; i <= EVENTS; i++) {
                messaging.convertAndSend("/topic/attendance/cs101", i + ":" + FILLER);
                while (order.size() < i - WINDOW || (i == EVENTS && order.size() < EVENTS)) {
                    String message = received.poll(10, TimeUnit.SECONDS);
                    // Well under Tomcat's blocking send timeout (20 s), which a healthy client waits out
                    // when a stalled one holds up the threads that write to clients.
                    assertThat(message).as("event %d reaches the healthy subscriber", order.size() + 1).isNotNull();
                    order.add(Integer.parseInt(message.substring(0, message.indexOf(':'))));
                }
            }
            assertThat(order).isSorted().doesNotHaveDuplicates().hasSize(EVENTS);

            // Cut off by its send-buffer or send-time limit, and only it.
            Awaitility.await("the stalled session is closed").atMost(Duration.ofSeconds(10))
                    .until(() -> webSocketHandler.getStats().getWebSocketSessions() == 1);
            assertThat(webSocketHandler.getStats().getLimitExceededSessions()).isEqualTo(1);
            assertThat(healthy.isConnected()).isTrue();
        }
    }
}
