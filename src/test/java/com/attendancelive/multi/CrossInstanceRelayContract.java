package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompWebSocket;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
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
 * (A and B) relay to the same broker, and a message sent on one reaches subscribers connected to
 * either. Each broker's test class supplies the broker and the relay settings it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossInstanceRelayContract {

    protected AppInstance a;
    protected AppInstance b;
    private final StompTestClient client = new StompTestClient();
    private final List<StompTestClient.Connection> connections = new ArrayList<>();

    /** Starts the broker (or skips when it is unavailable) and answers the relay properties for it. */
    protected abstract Map<String, Object> startBroker();

    protected abstract void stopBroker();

    @BeforeAll
    void startInstances() {
        Map<String, Object> relay = startBroker();
        a = AppInstance.start("a", relay);
        b = AppInstance.start("b", relay);
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
     * before they reach the broker, even for an ADMIN who may read every class.
     */
    @Test
    void brokerWildcardsAndCompositeDestinationsAreRefusedBeforeTheBroker() throws Exception {
        List<String> hostile = List.of("/topic/*", "/topic/>", "/topic/#", "/topic/attendance.*", "/topic/attendance.>",
                "/topic/attendance.#", "/topic/attendance/*", "/topic/attendance/>", "/topic/attendance/#",
                "/topic/attendance/cs101,/topic/attendance/math201", "/topic/attendance/cs101::q",
                "/topic/attendance.cs101", "/topic/attendance%2Fcs101", "/queue/*", "/queue/>", "/queue/#",
                "/topic/unresolved-user-destination", "/topic/simp-user-registry");
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
