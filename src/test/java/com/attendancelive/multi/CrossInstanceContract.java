package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.BrokerConnections;
import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.Received;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * What every supported external broker must do for several instances: two application contexts
 * (A and B) behind an imaginary load balancer share one broker, each through one connection, and
 * one PostgreSQL database. An event committed on either reaches subscribers connected to either,
 * with gap-free seq numbers, in seq order and each event once. Each broker's test class supplies
 * the broker and the settings it needs.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossInstanceContract {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z_]+)\"");

    protected AppInstance a;
    protected AppInstance b;
    private PostgresTestDatabase database;
    private Broker broker;
    private final StompTestClient client = new StompTestClient();
    private final List<StompTestClient.Connection> connections = new ArrayList<>();

    /** The broker the instances share: their properties for it, and how to stop it after the class. */
    protected record Broker(Map<String, Object> properties, Runnable stop) {

        /** A broker the test started, at 127.0.0.1:{@code port}. */
        static Broker started(int port, Runnable stop) {
            return new Broker(AppInstance.externalBroker(port), stop);
        }
    }

    /** Starts the broker, or skips when it is unavailable. */
    protected abstract Broker startBroker();

    private int brokerPort() {
        return Integer.parseInt(String.valueOf(broker.properties().get("attendance.broker.port")));
    }

    @BeforeAll
    void startInstances() {
        database = PostgresTestDatabase.create();
        broker = startBroker();
        Map<String, Object> shared = AppInstance.onDatabase(database, broker.properties(), 4);
        a = AppInstance.start("a", shared);
        b = AppInstance.start("b", shared);
        AppInstance.awaitReady(a, b);
    }

    @AfterEach
    void disconnect() {
        connections.forEach(StompTestClient.Connection::close);
        connections.clear();
    }

    @AfterAll
    void stopInstances() {
        client.close();
        AppInstance.closeAll(a, b);
        if (broker != null) {
            broker.stop().run();
        }
        if (database != null) {
            database.drop();
        }
    }

    protected StompTestClient.Connection connect(AppInstance instance, String user) {
        StompHeaders headers = TestLogin.connectHeaders(instance.port(), user);
        StompTestClient.Connection connection = client.connect(instance.port(), headers);
        connections.add(connection);
        return connection;
    }

    @Test
    void eventsCommittedOnEitherInstanceReachSubscribersOnBothOnceInOrder() throws Exception {
        String classId = ClassroomCalls.newClass(database, "m", 2);
        String topic = "/topic/attendance/" + classId;
        BlockingQueue<String> onA = connect(a, "lovelace").subscribe(topic);
        BlockingQueue<String> onB = connect(b, "admin").subscribe(topic);

        String session = ClassroomCalls.openSession(a.port(), classId);
        assertThat(ClassroomCalls.checkIn(a.port(), classId, session, classId + "_0", TestLogin.bearer(a.port(), "kiosk"))
                .statusCode()).isEqualTo(201);
        assertThat(ClassroomCalls.checkIn(b.port(), classId, session, classId + "_1", TestLogin.bearer(b.port(), "kiosk"))
                .statusCode()).isEqualTo(201);

        List<Long> receivedOnA = ClassroomCalls.seqs(drain(onA, 3));
        List<Long> receivedOnB = ClassroomCalls.seqs(drain(onB, 3));
        System.out.printf("[%s] committed 3 (open and a check-in on A, a check-in on B); delivered %s on A, %s on B%n",
                getClass().getSimpleName(), receivedOnA, receivedOnB);
        assertThat(receivedOnA).containsExactly(1L, 2L, 3L);
        assertThat(receivedOnB).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aStudentsEventFromAReachesThatStudentOnBAndNoOtherStudent() throws Exception {
        String classId = ClassroomCalls.newClass(database, "m", 2);
        BlockingQueue<String> studentOnB = connect(b, classId + "_0").subscribe("/user/queue/attendance");
        BlockingQueue<String> classmateOnB = connect(b, classId + "_1").subscribe("/user/queue/attendance");

        String session = ClassroomCalls.openSession(a.port(), classId);
        assertThat(ClassroomCalls.checkIn(a.port(), classId, session, classId + "_0", TestLogin.bearer(a.port(), "kiosk"))
                .statusCode()).isEqualTo(201);

        List<String> received = drain(studentOnB, 1);
        System.out.printf("[%s] user queue: a check-in on A; delivered %d to the student on B%n",
                getClass().getSimpleName(), received.size());
        assertThat(received).extracting(CrossInstanceContract::type).containsExactly("CHECKED_IN");
        assertThat(received.get(0)).contains(classId + "_0");
        // The sentinel: the classmate's own check-in, the first event on their queue.
        assertThat(ClassroomCalls.checkIn(a.port(), classId, session, classId + "_1", TestLogin.bearer(a.port(), "kiosk"))
                .statusCode()).isEqualTo(201);
        assertThat(Received.beforeSeq(classmateOnB, 3, Duration.ofSeconds(15))).as("another student's queue").isEmpty();
    }

    /** No registry broadcast to wait for: every instance hears every event and serves its own sessions. */
    @Test
    void aStudentWithSessionsOnBothInstancesGetsTheEventOnEachAtOnce() throws Exception {
        String classId = ClassroomCalls.newClass(database, "m", 1);
        String student = classId + "_0";
        BlockingQueue<String> onA = connect(a, student).subscribe("/user/queue/attendance");
        BlockingQueue<String> onB = connect(b, student).subscribe("/user/queue/attendance");

        String session = ClassroomCalls.openSession(b.port(), classId);
        assertThat(ClassroomCalls.checkIn(b.port(), classId, session, student, TestLogin.bearer(b.port(), "kiosk"))
                .statusCode()).isEqualTo(201);

        assertThat(drain(onA, 1)).extracting(CrossInstanceContract::type).containsExactly("CHECKED_IN");
        assertThat(drain(onB, 1)).extracting(CrossInstanceContract::type).containsExactly("CHECKED_IN");
    }

    /**
     * However many sessions an instance serves, it holds one TCP connection to the broker (the
     * contract allows 4): counted from the kernel's socket table, not from the application.
     */
    @Test
    void aTicketFromAOpensThePlainRouteOnBOnceAndCommitsOnAReachIt() throws Exception {
        String classId = ClassroomCalls.newClass(database, "m", 2);
        String session = ClassroomCalls.openSession(a.port(), classId); // seq 1
        HttpResponse<String> issued = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + a.port() + "/api/ws-tickets"))
                .header("Authorization", TestLogin.bearer(a.port(), "lovelace"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(issued.statusCode()).isEqualTo(201);
        Matcher ticket = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"").matcher(issued.body());
        assertThat(ticket.find()).isTrue();
        String route = "/ws/attendance/" + classId + "?afterSeq=0&ticket=" + ticket.group(1);

        try (PlainSocketClient onB = PlainSocketClient.open(b.port(), route, null)) {
            assertThat(PlainSocketClient.handshakeStatus(a.port(), route, null)).as("used once, on B").isEqualTo(401);
            assertThat(ClassroomCalls.checkIn(a.port(), classId, session, classId + "_0", TestLogin.bearer(a.port(), "kiosk"))
                    .statusCode()).isEqualTo(201);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                received.add(onB.next(10));
            }
            assertThat(ClassroomCalls.seqs(received)).containsExactly(1L, 2L);
        }
    }

    @Test
    void theInstancesHoldOneBrokerConnectionEachWhateverTheirSessions() throws Exception {
        int before = BrokerConnections.established(brokerPort());
        for (int i = 0; i < 20; i++) {
            connect(i % 2 == 0 ? a : b, "admin").subscribe("/topic/attendance/cs101");
            connect(i % 2 == 0 ? a : b, "alice").subscribe("/user/queue/attendance");
        }
        int during = BrokerConnections.established(brokerPort());
        System.out.printf("[%s] TCP connections to the broker's port: %d before 40 sessions, %d with them%n",
                getClass().getSimpleName(), before, during);
        assertThat(before).as("instances A and B, one connection each").isEqualTo(2);
        assertThat(during).as("with 40 sessions").isEqualTo(2);
    }

    /**
     * What each broker treats as special in a destination: ActiveMQ Classic {@code * > .} and {@code ,}
     * (composite), Artemis {@code * # .} and {@code ::} (fully qualified queue), RabbitMQ {@code * # .}
     * and {@code %}-escapes. On a broker, {@code /topic/*} alone matches every class topic (the name
     * {@code attendance/cs101} is one word). The application's allowlist must refuse all of them
     * before they reach the broker, even for an ADMIN who may read every class. So must it refuse the
     * application's own broker topics: the class events topic carries every class's events.
     */
    @Test
    void brokerWildcardsAndCompositeDestinationsAreRefusedBeforeTheBroker() throws Exception {
        List<String> hostile = List.of("/topic/*", "/topic/>", "/topic/#", "/topic/attendance.*", "/topic/attendance.>",
                "/topic/attendance.#", "/topic/attendance/*", "/topic/attendance/>", "/topic/attendance/#",
                "/topic/attendance/cs101,/topic/attendance/math201", "/topic/attendance/cs101::q",
                "/topic/attendance.cs101", "/topic/attendance%2Fcs101", "/queue/*", "/queue/>", "/queue/#",
                "/topic/unresolved-user-destination", "/topic/simp-user-registry", "/topic/attendance-class-events",
                "/topic/attendance-delivery-fence");
        StompHeaders admin = TestLogin.connectHeaders(a.port(), "admin");
        List<RawStompClient> sockets = new ArrayList<>();
        try {
            for (String destination : hostile) {
                RawStompClient socket = RawStompClient.connected(a.port(), admin);
                sockets.add(socket);
                RawStompClient.Frame answer = socket.subscribe(destination, "1");
                assertThat(answer).as("answer to SUBSCRIBE " + destination).isNotNull();
                assertThat(answer.command()).as("answer to SUBSCRIBE " + destination).isEqualTo("ERROR");
            }
            RawStompClient control = RawStompClient.connected(a.port(), admin);
            sockets.add(control);
            control.subscribed("/topic/attendance/cs101", "1");
            a.messaging().convertAndSend("/topic/attendance/cs101", "for subscribers of cs101");
            a.messaging().convertAndSend("/topic/attendance/math201", "for subscribers of math201");
            RawStompClient.Frame message = control.next(10);
            assertThat(message).isNotNull();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.body()).endsWith("for subscribers of cs101");
            for (RawStompClient socket : sockets.subList(0, hostile.size())) {
                assertThat(socket.receivedMessage()).as("frames after the ERROR: " + socket.received()).isFalse();
            }
        }
        finally {
            sockets.forEach(RawStompClient::close);
        }
    }

    @Test
    void aCheckInThroughAReachesTheTeacherAndTheStudentConnectedToB() throws Exception {
        String classId = ClassroomCalls.newClass(database, "m", 1);
        String student = classId + "_0";
        BlockingQueue<String> teacherOnB = connect(b, "lovelace").subscribe("/topic/attendance/" + classId);
        BlockingQueue<String> studentOnB = connect(b, student).subscribe("/user/queue/attendance");

        String session = ClassroomCalls.openSession(a.port(), classId);
        HttpResponse<String> checkIn = ClassroomCalls.checkIn(a.port(), classId, session, student, TestLogin.bearer(a.port(), "kiosk"));
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);

        List<String> teacherEvents = drain(teacherOnB, 2);
        List<String> studentEvents = drain(studentOnB, 1);
        System.out.printf("[%s] committed 2 events (open, check-in) on A; delivered %d to the teacher on B,"
                + " %d to the student on B%n", getClass().getSimpleName(), teacherEvents.size(), studentEvents.size());
        assertThat(teacherEvents).extracting(CrossInstanceContract::type).containsExactly("SESSION_OPENED", "CHECKED_IN");
        assertThat(studentEvents).extracting(CrossInstanceContract::type).containsExactly("CHECKED_IN");
        assertThat(studentEvents.get(0)).contains(student);
    }

    /**
     * Both instances commit events of one class at once, and their broker messages race each other:
     * each instance still hands them to its subscribers in seq order, each once.
     */
    @Test
    void concurrentCheckInsOnBothInstancesKeepSeqGapFreeAndAreDeliveredInOrderOnceEach() throws Exception {
        int students = 200;
        String classId = ClassroomCalls.newClass(database, "m", students);
        BlockingQueue<String> teacherOnA = connect(a, "lovelace").subscribe("/topic/attendance/" + classId);
        BlockingQueue<String> adminOnB = connect(b, "admin").subscribe("/topic/attendance/" + classId);
        String session = ClassroomCalls.openSession(b.port(), classId);
        String kioskOnA = TestLogin.bearer(a.port(), "kiosk");
        String kioskOnB = TestLogin.bearer(b.port(), "kiosk");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < students; i++) {
                String student = classId + "_" + i;
                boolean viaA = i % 2 == 0;
                calls.add(pool.submit(() -> ClassroomCalls.checkIn((viaA ? a : b).port(), classId, session, student,
                        viaA ? kioskOnA : kioskOnB)));
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
        List<Long> onA = ClassroomCalls.seqs(drain(teacherOnA, committed));
        List<Long> onB = ClassroomCalls.seqs(drain(adminOnB, committed));
        System.out.printf("[%s] committed %d events (REST afterSeq=0 returns %d); delivered %d to the teacher"
                + " on A, %d to the admin on B%n", getClass().getSimpleName(), committed, caughtUp.size(), onA.size(), onB.size());
        List<Long> expected = LongStream.rangeClosed(1, committed).boxed().toList();
        assertThat(caughtUp).as("the class's log: gap-free from 1").isEqualTo(expected);
        assertThat(onA).as("delivered on A, in seq order, each once").isEqualTo(expected);
        assertThat(onB).as("delivered on B, in seq order, each once").isEqualTo(expected);
    }

    /** Catch-up in the channel: joining on B while A commits, the seam has neither gap nor repeat. */
    @Test
    void aSubscriberJoiningOnBWithAfterSeqWhileACommitsGetsEveryLaterEventOnceInOrder() throws Exception {
        int students = 40;
        String classId = ClassroomCalls.newClass(database, "j", students + 1); // the last one checks in as the sentinel
        String session = ClassroomCalls.openSession(a.port(), classId);
        String kiosk = TestLogin.bearer(a.port(), "kiosk");
        for (int i = 0; i < 10; i++) {
            assertThat(ClassroomCalls.checkIn(a.port(), classId, session, classId + "_" + i, kiosk).statusCode()).isEqualTo(201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RawStompClient admin = RawStompClient.connected(b.port(), TestLogin.bearer(b.port(), "admin"))) {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 10; i < students; i++) {
                String student = classId + "_" + i;
                calls.add(pool.submit(() -> ClassroomCalls.checkIn(a.port(), classId, session, student, kiosk)));
            }
            admin.subscribed("/topic/attendance/" + classId, "s-1", "after-seq", "5");
            for (Future<HttpResponse<String>> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            }
            long last = students + 1;
            List<String> bodies = new ArrayList<>();
            for (RawStompClient.Frame frame; bodies.size() < last - 5 && (frame = admin.next(15)) != null; ) {
                bodies.add(frame.body());
            }
            assertThat(ClassroomCalls.checkIn(a.port(), classId, session, classId + "_" + students, kiosk).statusCode()).isEqualTo(201);
            List<RawStompClient.Frame> extra = admin.before(RawStompClient.eventOfSeq(last + 1), 15);
            System.out.printf("[%s] joined on B with after-seq:5 while A committed up to %d; received %s%n",
                    getClass().getSimpleName(), last, ClassroomCalls.seqs(bodies));
            assertThat(ClassroomCalls.seqs(bodies)).isEqualTo(LongStream.rangeClosed(6, last).boxed().toList());
            assertThat(extra).as("no repeat").isEmpty();
        }
        finally {
            pool.shutdownNow();
        }
    }

    private static String type(String event) {
        Matcher type = TYPE.matcher(event);
        return type.find() ? type.group(1) : event;
    }

    /** Waits for {@code expected} messages, then a little longer to catch any duplicate. */
    protected static List<String> drain(BlockingQueue<String> queue, int expected) throws InterruptedException {
        List<String> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (received.size() < expected && System.nanoTime() < deadline) {
            String next = queue.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                received.add(next);
            }
        }
        String extra;
        while ((extra = queue.poll(500, TimeUnit.MILLISECONDS)) != null) {
            received.add(extra);
        }
        return received;
    }
}
