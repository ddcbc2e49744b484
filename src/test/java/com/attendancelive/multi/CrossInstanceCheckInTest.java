package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ActiveMqBrokerProcess;
import com.attendancelive.support.AppInstance;
import com.attendancelive.support.Http;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances behind an imaginary load balancer: one PostgreSQL database, one ActiveMQ Classic
 * broker in its own process. Check-ins through either instance reach teachers and students
 * connected to the other, with gap-free seq numbers and each event exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossInstanceCheckInTest {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z_]+)\"");

    private PostgresTestDatabase database;
    private ActiveMqBrokerProcess broker;
    private AppInstance a;
    private AppInstance b;
    private final StompTestClient client = new StompTestClient();

    @BeforeAll
    void start() {
        database = PostgresTestDatabase.create();
        broker = ActiveMqBrokerProcess.startOnFreePort();
        Map<String, Object> shared = AppInstance.externalBroker(broker.port());
        shared.put("spring.datasource.url", database.url());
        shared.put("spring.datasource.username", database.username());
        shared.put("spring.datasource.password", "");
        // A PostgreSQL server shared with other test runs: small pools, and (as in application.yml)
        // fewer request threads than pooled connections, since a check-in holds two while delivering.
        shared.put("spring.datasource.hikari.maximum-pool-size", 8);
        shared.put("server.tomcat.threads.max", 6);
        a = AppInstance.start("a", shared);
        b = AppInstance.start("b", shared);
        Http.awaitReady(a.port());
        Http.awaitReady(b.port());
    }

    @AfterAll
    void stop() {
        client.close();
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void aCheckInThroughAReachesTheTeacherAndTheStudentConnectedToB() throws Exception {
        String classId = ClassroomCalls.newClass(database, "m", 1);
        String student = classId + "_0";
        BlockingQueue<String> teacherOnB = client.connect(b.port(), TestLogin.connectHeaders(b.port(), "lovelace"))
                .subscribe("/topic/attendance/" + classId);
        BlockingQueue<String> studentOnB = client.connect(b.port(), TestLogin.connectHeaders(b.port(), student))
                .subscribe("/user/queue/attendance");

        String session = ClassroomCalls.openSession(a.port(), classId);
        HttpResponse<String> checkIn = ClassroomCalls.checkIn(a.port(), classId, session, student, TestLogin.bearer(a.port(), "kiosk"));
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);

        List<String> teacherEvents = CrossInstanceRelayContract.drain(teacherOnB, 2);
        List<String> studentEvents = CrossInstanceRelayContract.drain(studentOnB, 1);
        System.out.printf("[CrossInstanceCheckInTest] committed 2 events (open, check-in) on A; delivered %d to the teacher on B,"
                + " %d to the student on B%n", teacherEvents.size(), studentEvents.size());
        assertThat(teacherEvents).extracting(CrossInstanceCheckInTest::type).containsExactly("SESSION_OPENED", "CHECKED_IN");
        assertThat(studentEvents).extracting(CrossInstanceCheckInTest::type).containsExactly("CHECKED_IN");
        assertThat(studentEvents.get(0)).contains(student);
    }

    @Test
    void concurrentCheckInsOnBothInstancesKeepSeqGapFreeAndAreDeliveredOnceEach() throws Exception {
        int students = 40;
        String classId = ClassroomCalls.newClass(database, "m", students);
        BlockingQueue<String> teacherOnA = client.connect(a.port(), TestLogin.connectHeaders(a.port(), "lovelace"))
                .subscribe("/topic/attendance/" + classId);
        BlockingQueue<String> adminOnB = client.connect(b.port(), TestLogin.connectHeaders(b.port(), "admin"))
                .subscribe("/topic/attendance/" + classId);
        String session = ClassroomCalls.openSession(b.port(), classId);
        String kioskOnA = TestLogin.bearer(a.port(), "kiosk");
        String kioskOnB = TestLogin.bearer(b.port(), "kiosk");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < students; i++) {
                String student = classId + "_" + i;
                boolean viaA = i % 2 == 0;
                calls.add(pool.submit(() -> ClassroomCalls.checkIn((viaA ? a : b).port(), classId, session, student, viaA ? kioskOnA : kioskOnB)));
            }
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            }
        }
        finally {
            pool.shutdownNow();
        }

        int committed = students + 1;
        List<Long> caughtUp = ClassroomCalls.seqs(ClassroomCalls.events(a.port(), classId, 0));
        List<Long> onA = ClassroomCalls.seqs(CrossInstanceRelayContract.drain(teacherOnA, committed));
        List<Long> onB = ClassroomCalls.seqs(CrossInstanceRelayContract.drain(adminOnB, committed));
        System.out.printf("[CrossInstanceCheckInTest] committed %d events (REST afterSeq=0 returns %d); delivered %d to the teacher"
                + " on A, %d to the admin on B%n", committed, caughtUp.size(), onA.size(), onB.size());
        List<Long> expected = LongStream.rangeClosed(1, committed).boxed().toList();
        assertThat(caughtUp).as("the class's log: gap-free from 1").isEqualTo(expected);
        assertThat(onA).as("delivered on A, in seq order, each once").isEqualTo(expected);
        assertThat(onB).as("delivered on B, in seq order, each once").isEqualTo(expected);
    }

    private static String type(String event) {
        Matcher type = TYPE.matcher(event);
        return type.find() ? type.group(1) : event;
    }
}
