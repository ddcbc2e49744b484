package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ActiveMqBrokerProcess;
import com.attendancelive.support.AppInstance;
import com.attendancelive.support.DirectBrokerClient;
import com.attendancelive.support.Http;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TcpGate;
import com.attendancelive.support.TestLogin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The broker dies (kill -9) while check-ins keep coming: they still commit, health goes down,
 * clients are told; when the broker is back, the relay reconnects by itself and every event
 * committed meanwhile reaches the broker exactly once, in seq order, and the afterSeq catch-up
 * has neither gap nor duplicate. A gate in front of the broker lets the test attach its observer
 * to the restarted broker before the application can reconnect.
 */
class BrokerOutageDeliveryTest {

    private final ActiveMqBrokerProcess broker = ActiveMqBrokerProcess.startOnFreePort();
    private final TcpGate gate = new TcpGate(broker.port());
    private final StompTestClient client = new StompTestClient();
    private AppInstance app;

    @AfterEach
    void stop() {
        client.close();
        if (app != null) {
            app.close();
        }
        gate.shutdown();
        broker.close();
    }

    @Test
    void eventsCommittedDuringAnOutageAreSentOnceInOrderWhenTheBrokerReturns() throws Exception {
        app = AppInstance.start("a", AppInstance.externalBroker(gate.port()));
        Http.awaitReady(app.port());
        String classId = newClass(new JdbcTemplate(app.bean(DataSource.class)), 16);
        String topic = "/topic/attendance/" + classId;
        String kiosk = TestLogin.bearer(app.port(), "kiosk");

        StompTestClient.Connection teacher = client.connect(app.port(), TestLogin.connectHeaders(app.port(), "lovelace"));
        BlockingQueue<String> live = teacher.subscribe(topic);
        String session = ClassroomCalls.openSession(app.port(), classId);
        for (int i = 0; i < 5; i++) {
            assertThat(ClassroomCalls.checkIn(app.port(), classId, session, classId + "_" + i, kiosk).statusCode()).isEqualTo(201);
        }
        assertThat(ClassroomCalls.seqs(CrossInstanceRelayContract.drain(live, 6))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        broker.kill();
        gate.close();
        Awaitility.await("readiness reports the lost broker").atMost(Duration.ofSeconds(30))
                .until(() -> Http.status(app.port(), "/actuator/health/readiness") == 503);
        Awaitility.await("the teacher's session is told and closed").atMost(Duration.ofSeconds(30))
                .until(() -> !teacher.isConnected());

        for (int i = 5; i < 15; i++) {
            HttpResponse<String> response = ClassroomCalls.checkIn(app.port(), classId, session, classId + "_" + i, kiosk);
            assertThat(response.statusCode()).as("a check-in during the outage commits: " + response.body()).isEqualTo(201);
        }
        int committedDuringOutage = 10;

        broker.start();
        List<Long> delivered;
        try (DirectBrokerClient observer = new DirectBrokerClient("127.0.0.1", broker.port())) {
            BlockingQueue<String> onTheBroker = observer.subscribeToClass(classId);
            gate.open();
            Awaitility.await("the relay reconnects by itself").atMost(Duration.ofSeconds(60))
                    .until(() -> Http.status(app.port(), "/actuator/health/readiness") == 200);
            delivered = ClassroomCalls.seqs(CrossInstanceRelayContract.drain(onTheBroker, committedDuringOutage));
        }
        List<Long> caughtUp = ClassroomCalls.seqs(ClassroomCalls.events(app.port(), classId, 6));
        System.out.printf("[BrokerOutageDeliveryTest] committed %d events during the outage; delivered %d after it %s;"
                + " afterSeq=6 returns %s%n", committedDuringOutage, delivered.size(), delivered, caughtUp);
        List<Long> expected = LongStream.rangeClosed(7, 16).boxed().toList();
        assertThat(delivered).as("sent once each, in seq order").isEqualTo(expected);
        assertThat(caughtUp).as("catch-up after the last seq seen").isEqualTo(expected);

        BlockingQueue<String> again = client.connect(app.port(), TestLogin.connectHeaders(app.port(), "lovelace")).subscribe(topic);
        assertThat(ClassroomCalls.checkIn(app.port(), classId, session, classId + "_15", kiosk).statusCode()).isEqualTo(201);
        assertThat(ClassroomCalls.seqs(CrossInstanceRelayContract.drain(again, 1))).as("live again, nothing replayed").containsExactly(17L);
    }

    private static String newClass(JdbcTemplate jdbc, int students) {
        String id = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.update("insert into school_class (id, name, time_zone) values (?, ?, 'UTC')", id, "Outage " + id);
        jdbc.update("insert into teaching_assignment (class_id, teacher) values (?, 'lovelace')", id);
        for (int i = 0; i < students; i++) {
            String student = id + "_" + i;
            jdbc.update("insert into app_user (username, password_hash, role, display_name) values (?, '{noop}x', 'STUDENT', ?)",
                    student, student);
            jdbc.update("insert into enrollment (class_id, student) values (?, ?)", id, student);
        }
        return id;
    }
}
