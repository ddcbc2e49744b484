package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ActiveMqBrokerProcess;
import com.attendancelive.support.AppInstance;
import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.Received;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TcpGate;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker dies (kill -9) while check-ins keep coming, on two instances sharing PostgreSQL: the
 * check-ins commit, health goes DOWN and readiness stays UP, no session is closed, and every event
 * committed on either instance reaches a dashboard on the other within the fallback poll, read from
 * the database. When the broker is back, the instances reconnect by themselves and delivery goes on
 * with neither gap nor repeat. A gate in front of the broker cuts both instances off at once.
 */
@Tag("slow")
class BrokerOutageDeliveryTest {

    private final ActiveMqBrokerProcess broker = ActiveMqBrokerProcess.startOnFreePort();
    private final TcpGate gate = new TcpGate(broker.port());
    private final StompTestClient client = new StompTestClient();
    private PostgresTestDatabase database;
    private AppInstance a;
    private AppInstance b;

    @AfterEach
    void stop() {
        client.close();
        for (AppInstance instance : new AppInstance[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
        gate.shutdown();
        broker.close();
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void sessionsStayOpenAndGetEveryEventOnceInOrderThroughABrokerKill() throws Exception {
        database = PostgresTestDatabase.create();
        Map<String, Object> shared = AppInstance.onDatabase(database, AppInstance.externalBroker(gate.port()), 4);
        a = AppInstance.start("a", shared);
        b = AppInstance.start("b", shared);
        AppInstance.awaitReady(a, b);
        String classId = ClassroomCalls.newClass(database, "o", 16);
        String student = classId + "_7";
        String kiosk = TestLogin.bearer(b.port(), "kiosk");

        StompTestClient.Connection teacher = client.connect(a.port(), TestLogin.connectHeaders(a.port(), "lovelace"));
        BlockingQueue<String> dashboard = teacher.subscribe("/topic/attendance/" + classId);
        StompTestClient.Connection phone = client.connect(a.port(), TestLogin.connectHeaders(a.port(), student));
        BlockingQueue<String> own = phone.subscribe("/user/queue/attendance");
        String session = ClassroomCalls.openSession(b.port(), classId);
        for (int i = 0; i < 5; i++) {
            assertThat(ClassroomCalls.checkIn(b.port(), classId, session, classId + "_" + i, kiosk).statusCode()).isEqualTo(201);
        }
        List<Long> delivered = new ArrayList<>(ClassroomCalls.seqs(Received.take(dashboard, 6, Duration.ofSeconds(10))));
        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        broker.kill();
        gate.close();
        Awaitility.await("health reports the lost broker").atMost(Duration.ofSeconds(30))
                .until(() -> Http.status(a.port(), "/actuator/health") == 503 && Http.status(b.port(), "/actuator/health") == 503);
        assertThat(Http.status(a.port(), "/actuator/health/readiness")).as("readiness of A").isEqualTo(200);
        assertThat(Http.status(b.port(), "/actuator/health/readiness")).as("readiness of B").isEqualTo(200);

        for (int i = 5; i < 15; i++) {
            assertThat(ClassroomCalls.checkIn(b.port(), classId, session, classId + "_" + i, kiosk).statusCode())
                    .as("a check-in on B during the outage commits").isEqualTo(201);
        }
        long committedAt = System.nanoTime();
        List<String> duringOutage = Received.take(dashboard, 10, Duration.ofSeconds(2).plusMillis(1500));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committedAt);
        delivered.addAll(ClassroomCalls.seqs(duringOutage));
        assertThat(ClassroomCalls.seqs(Received.take(own, 1, Duration.ofSeconds(5)))).as("the student's own event").containsExactly(9L);
        assertThat(teacher.isConnected()).as("the dashboard's session is still open").isTrue();
        assertThat(phone.isConnected()).as("the phone's session is still open").isTrue();

        broker.start();
        gate.open();
        Awaitility.await("both instances reconnect by themselves").atMost(Duration.ofSeconds(60))
                .until(() -> Http.status(a.port(), "/actuator/health") == 200 && Http.status(b.port(), "/actuator/health") == 200);
        assertThat(ClassroomCalls.checkIn(b.port(), classId, session, classId + "_15", kiosk).statusCode()).isEqualTo(201);
        delivered.addAll(ClassroomCalls.seqs(CrossInstanceContract.drain(dashboard, 1)));

        System.out.printf("[BrokerOutageDeliveryTest] committed 17 events on B (10 during the outage, delivered on A"
                + " within %d ms); the dashboard on A received %s%n", tookMillis, delivered);
        assertThat(delivered).as("every event once, in seq order, across the outage")
                .isEqualTo(LongStream.rangeClosed(1, 17).boxed().toList());
        // The sentinel: a teacher's correction of the student's record, seq 18.
        assertThat(Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + b.port() + "/api/classes/" + classId
                + "/sessions/" + session + "/attendance/" + student))
                .header("Authorization", TestLogin.bearer(b.port(), "lovelace")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\": \"EXCUSED\", \"reason\": \"sentinel\"}")).build())
                .statusCode()).isEqualTo(200);
        assertThat(Received.beforeSeq(own, 18, Duration.ofSeconds(15))).as("no repeat on the student's queue").isEmpty();
        assertThat(teacher.isConnected()).isTrue();
    }

}
