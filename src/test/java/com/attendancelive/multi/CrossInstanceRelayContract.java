package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.Http;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.RawStompWebSocket;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.user.SimpUserRegistry;

/**
 * What every supported external broker must do for several instances: two application contexts
 * (A and B) behind an imaginary load balancer relay to the same broker and share one PostgreSQL
 * database. A message or a check-in on one reaches subscribers connected to either, with gap-free
 * seq numbers, in seq order and each event once. Each broker's test class supplies the broker and
 * the relay settings it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossInstanceRelayContract {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z_]+)\"");

    protected AppInstance a;
    protected AppInstance b;
    private PostgresTestDatabase database;
    private final StompTestClient client = new StompTestClient();
    private final List<StompTestClient.Connection> connections = new ArrayList<>();

    /** Starts the broker (or skips when it is unavailable) and answers the relay properties for it. */
    protected abstract Map<String, Object> startBroker();

    protected abstract void stopBroker();

    @BeforeAll
    void startInstances() {
        database = PostgresTestDatabase.create();
        Map<String, Object> shared = new LinkedHashMap<>(startBroker());
        shared.put("spring.datasource.url", database.url());
        shared.put("spring.datasource.username", database.username());
        shared.put("spring.datasource.password", "");
        // A PostgreSQL server shared with other test runs: small pools, fewer request threads than connections.
        shared.put("spring.datasource.hikari.maximum-pool-size", 8);
        shared.put("server.tomcat.threads.max", 4);
        shared.put("attendance.capacity.delivery-threads", 2);
        a = AppInstance.start("a", shared);
        b = AppInstance.start("b", shared);
        Http.awaitReady(a.port());
        Http.awaitReady(b.port());
    }

    @AfterEach
    void disconnect() {
        connections.forEach(StompTestClient.Connection::close);
        connections.clear();
    }

    @AfterAll
    void stopInstances() {
        client.close();
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        stopBroker();
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
    void aMessageSentOnEitherInstanceReachesSubscribersOnBothExactlyOnce() throws Exception {
        String topic = "/topic/attendance/cs101";
        BlockingQueue<String> onA = connect(a, "lovelace").subscribe(topic);
        BlockingQueue<String> onB = connect(b, "admin").subscribe(topic);

        a.messaging().convertAndSend(topic, "sent on A");
        b.messaging().convertAndSend(topic, "sent on B");

        List<String> receivedOnA = drain(onA, 2);
        List<String> receivedOnB = drain(onB, 2);
        System.out.printf("[%s] topic: sent 2 (one per instance); delivered %d on A, %d on B%n",
                getClass().getSimpleName(), receivedOnA.size(), receivedOnB.size());
        assertThat(receivedOnA).containsExactlyInAnyOrder("sent on A", "sent on B");
        assertThat(receivedOnB).containsExactlyInAnyOrder("sent on A", "sent on B");
    }

    @Test
    void aUserDestinationSentOnAReachesTheUsersSessionOnB() throws Exception {
        String user = "alice";
        BlockingQueue<String> onB = connect(b, user).subscribe("/user/queue/attendance");
        BlockingQueue<String> otherUser = connect(b, "bob").subscribe("/user/queue/attendance");

        String body = "for alice " + UUID.randomUUID();
        a.messaging().convertAndSendToUser(user, "/queue/attendance", body);

        List<String> received = drain(onB, 1);
        System.out.printf("[%s] user destination: sent 1 on A; delivered %d to alice on B%n",
                getClass().getSimpleName(), received.size());
        assertThat(received).containsExactly(body);
        assertThat(otherUser.poll(300, TimeUnit.MILLISECONDS)).as("another user's queue").isNull();
    }

    @Test
    void aUserWithSessionsOnBothInstancesGetsTheMessageOnEach() throws Exception {
        String user = "dave";
        BlockingQueue<String> onA = connect(a, user).subscribe("/user/queue/attendance");
        BlockingQueue<String> onB = connect(b, user).subscribe("/user/queue/attendance");
        // B learns of dave's session on A from A's registry broadcast (every 10 s); until then B
        // resolves dave to its own session only, and A's session misses the message.
        SimpUserRegistry registryOfB = b.bean(SimpUserRegistry.class);
        Awaitility.await("B knows both of dave's sessions").atMost(Duration.ofSeconds(30))
                .until(() -> registryOfB.getUser(user) != null && registryOfB.getUser(user).getSessions().size() == 2);

        b.messaging().convertAndSendToUser(user, "/queue/attendance", "for dave");

        assertThat(drain(onA, 1)).containsExactly("for dave");
        assertThat(drain(onB, 1)).containsExactly("for dave");
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
        List<RawStompWebSocket> sockets = new ArrayList<>();
        try {
            for (String destination : hostile) {
                RawStompWebSocket socket = RawStompWebSocket.connect(a.port(), admin);
                sockets.add(socket);
                socket.sendFrame("SUBSCRIBE\nid:1\nreceipt:r1\ndestination:" + destination + "\n\n");
                String answer = socket.nextFrame(10);
                assertThat(answer).as("answer to SUBSCRIBE " + destination).startsWith("ERROR");
            }
            RawStompWebSocket control = RawStompWebSocket.connect(a.port(), admin);
            sockets.add(control);
            control.subscribe("1", "/topic/attendance/cs101");
            a.messaging().convertAndSend("/topic/attendance/cs101", "for subscribers of cs101");
            a.messaging().convertAndSend("/topic/attendance/math201", "for subscribers of math201");
            assertThat(control.nextFrame(10)).startsWith("MESSAGE").endsWith("for subscribers of cs101");
            for (RawStompWebSocket socket : sockets.subList(0, hostile.size())) {
                assertThat(socket.frames()).as("frames after the ERROR").noneMatch(frame -> frame.startsWith("MESSAGE"));
            }
        }
        finally {
            sockets.forEach(RawStompWebSocket::close);
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
        assertThat(teacherEvents).extracting(CrossInstanceRelayContract::type).containsExactly("SESSION_OPENED", "CHECKED_IN");
        assertThat(studentEvents).extracting(CrossInstanceRelayContract::type).containsExactly("CHECKED_IN");
        assertThat(studentEvents.get(0)).contains(student);
    }

    /**
     * Both instances drain the same class one after the other. Before delivery waited for the
     * broker's receipt, an instance could release the class while its messages were still on the
     * way to the broker, and the other instance's next event overtook them: with 200 check-ins this
     * showed seq n+1 before n in almost every run.
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
