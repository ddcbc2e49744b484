package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.StandaloneBroker;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** External mode: the app starts no broker and relays to one the test runs, stops and restarts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ExternalBrokerOutageTest {

    static final StandaloneBroker broker = StandaloneBroker.startOnFreePort();

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) {
        registry.add("attendance.broker.mode", () -> "external");
        registry.add("attendance.broker.port", broker::port);
        registry.add("attendance.demo-data", () -> "true"); // the users TestLogin signs in as
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    @Test
    void relaysToTheExternalBrokerAndRecoversFromAnOutageOnItsOwn() throws Exception {
        Http.awaitReady(port);
        assertRoundTrip("before the outage");

        broker.stop();
        Awaitility.await("health reports the lost broker").atMost(Duration.ofSeconds(30))
                .until(() -> Http.status(port, "/actuator/health") == 503);
        assertThat(Http.status(port, "/actuator/health/readiness")).isEqualTo(503);
        assertThat(Http.status(port, "/actuator/health/liveness")).isEqualTo(200);

        broker.start();
        Awaitility.await("the relay reconnects by itself").atMost(Duration.ofSeconds(30))
                .until(() -> Http.status(port, "/actuator/health") == 200);
        assertThat(Http.status(port, "/actuator/health/readiness")).isEqualTo(200);
        assertRoundTrip("after the outage");
    }

    private void assertRoundTrip(String text) throws InterruptedException {
        try (StompTestClient client = new StompTestClient(); StompTestClient.Connection browser = client.connect(port, TestLogin.connectHeaders(port, "admin"))) {
            BlockingQueue<String> received = browser.subscribe("/topic/attendance/cs101");
            messaging.convertAndSend("/topic/attendance/cs101", text);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
        }
    }
}
