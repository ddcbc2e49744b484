package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.Received;
import com.attendancelive.support.StandaloneBroker;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * External mode: the app starts no broker and connects to one the test runs, stops and restarts.
 * While it is away, sessions stay open and events come from the database; health says DOWN,
 * readiness stays UP.
 */
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
    DataSource dataSource;

    @Autowired
    RealtimeProperties realtime;

    @Test
    void sessionsStayOpenThroughAnOutageAndGetEveryEventInOrderOnce() throws Exception {
        Http.awaitReady(port);
        String classId = ClassroomCalls.newClass(dataSource, "x", 4);
        String kiosk = TestLogin.bearer(port, "kiosk");
        try (StompTestClient client = new StompTestClient()) {
            StompTestClient.Connection teacher = client.connect(port, TestLogin.connectHeaders(port, "lovelace"));
            BlockingQueue<String> events = teacher.subscribe("/topic/attendance/" + classId);
            String session = ClassroomCalls.openSession(port, classId);
            assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_0", kiosk).statusCode()).isEqualTo(201);
            assertThat(ClassroomCalls.seqs(Received.take(events, 2, Duration.ofSeconds(10)))).containsExactly(1L, 2L);

            broker.stop();
            Awaitility.await("health reports the lost broker").atMost(Duration.ofSeconds(30))
                    .until(() -> Http.status(port, "/actuator/health") == 503);
            assertThat(Http.status(port, "/actuator/health/readiness")).as("readiness while the database serves").isEqualTo(200);
            assertThat(Http.status(port, "/actuator/health/liveness")).isEqualTo(200);

            assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_1", kiosk).statusCode()).isEqualTo(201);
            assertThat(ClassroomCalls.seqs(Received.take(events, 1, realtime.fallbackPoll().plusSeconds(1))))
                    .as("committed during the outage, within the fallback poll").containsExactly(3L);
            assertThat(teacher.isConnected()).isTrue();

            broker.start();
            Awaitility.await("the instance reconnects by itself").atMost(Duration.ofSeconds(30))
                    .until(() -> Http.status(port, "/actuator/health") == 200);
            assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_2", kiosk).statusCode()).isEqualTo(201);
            assertThat(ClassroomCalls.seqs(Received.take(events, 1, Duration.ofSeconds(10)))).containsExactly(4L);
            assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_3", kiosk).statusCode()).isEqualTo(201);
            assertThat(Received.beforeSeq(events, 5, Duration.ofSeconds(10))).as("no repeat after the broker returned").isEmpty();
            assertThat(teacher.isConnected()).isTrue();
        }
    }

}
