package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.broker.EmbeddedActiveMqBroker;
import com.attendancelive.support.BrokerConnections;
import com.attendancelive.support.Http;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The default mode: an embedded ActiveMQ broker on a free port, and the instance's one connection to it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmbeddedBrokerTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedActiveMqBroker broker;

    @BeforeEach
    void awaitBroker() {
        Http.awaitReady(port);
    }

    @Test
    void theEmbeddedBrokerListensOnTheFreePortItWasGiven() {
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.socketAddress().getPort()).isPositive().isNotEqualTo(61613);
    }

    @Test
    void sessionsAddNoBrokerConnection() throws Exception {
        int brokerPort = broker.socketAddress().getPort();
        assertThat(BrokerConnections.established(brokerPort)).as("the instance's own connection").isEqualTo(1);
        try (StompTestClient client = new StompTestClient()) {
            for (int i = 0; i < 25; i++) {
                client.connect(port, TestLogin.connectHeaders(port, "admin")).subscribe("/topic/attendance/cs101");
                client.connect(port, TestLogin.connectHeaders(port, "alice")).subscribe("/user/queue/attendance");
            }
            assertThat(BrokerConnections.established(brokerPort)).as("with 50 subscribed sessions").isEqualTo(1);
        }
    }

    @Test
    void healthAndItsProbesAreUpAndPublic() {
        assertThat(Http.status(port, "/actuator/health")).isEqualTo(200);
        assertThat(Http.get(port, "/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(Http.status(port, "/actuator/health/liveness")).isEqualTo(200);
    }
}
