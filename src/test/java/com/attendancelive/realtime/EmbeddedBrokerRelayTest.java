package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.broker.EmbeddedActiveMqBroker;
import com.attendancelive.support.DirectBrokerClient;
import com.attendancelive.support.Http;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The default mode: an embedded ActiveMQ broker on a free port, and the relay connected to it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmbeddedBrokerRelayTest {

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    @Autowired
    EmbeddedActiveMqBroker broker;

    @BeforeEach
    void awaitRelay() {
        Http.awaitReady(port);
    }

    @Test
    void theEmbeddedBrokerListensOnTheFreePortItWasGiven() {
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.socketAddress().getPort()).isPositive().isNotEqualTo(61613);
    }

    @Test
    void aMessageSentByTheAppCrossesTheBrokerToWebSocketSubscribers() throws Exception {
        InetSocketAddress address = broker.socketAddress();
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection browser = client.connect(port, TestLogin.connectHeaders(port, "admin"));
                DirectBrokerClient onTheBroker = new DirectBrokerClient(address.getHostString(), address.getPort())) {
            BlockingQueue<String> viaWebSocket = browser.subscribe("/topic/attendance/cs101");
            BlockingQueue<String> viaBroker = onTheBroker.subscribeToClass("cs101");

            messaging.convertAndSend("/topic/attendance/cs101", "hello from the app");

            assertThat(viaWebSocket.poll(10, TimeUnit.SECONDS)).isEqualTo("hello from the app");
            assertThat(viaBroker.poll(10, TimeUnit.SECONDS)).isEqualTo("hello from the app");
        }
    }

    @Test
    void healthAndItsProbesAreUpAndPublic() {
        assertThat(Http.status(port, "/actuator/health")).isEqualTo(200);
        assertThat(Http.get(port, "/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(Http.status(port, "/actuator/health/liveness")).isEqualTo(200);
    }
}
