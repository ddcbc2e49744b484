package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.broker.EmbeddedActiveMqBroker;
import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.DirectBrokerClient;
import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.test.context.ActiveProfiles;

/**
 * Sessions served by the instance itself: attendance subscriptions are kept by the application, the
 * broker carries each event once on the class events topic, and every frame that asks for a receipt
 * gets one (embedded ActiveMQ, real WebSocket clients).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LocalSubscribersTest {

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    @Autowired
    EmbeddedActiveMqBroker broker;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void awaitReady() {
        Http.awaitReady(port);
    }

    @Test
    void testsObserveTheBrokerUnderTheApplicationsNames() {
        assertThat(DirectBrokerClient.CLASS_EVENTS).isEqualTo(BrokerLink.EVENTS_DESTINATION);
        assertThat(DirectBrokerClient.CLASS_HEADER).isEqualTo(BrokerLink.CLASS_HEADER);
    }

    @Test
    void aClassSubscriptionIsKeptOnlyOnceSpringSecurityAuthorizedIt(
            @Autowired @Qualifier("clientInboundChannel") AbstractSubscribableChannel clientInbound) {
        List<Class<?>> interceptors = clientInbound.getInterceptors().stream().<Class<?>>map(Object::getClass).toList();
        assertThat(interceptors).contains(AuthorizationChannelInterceptor.class, LocalSubscribers.class);
        assertThat(interceptors.indexOf(LocalSubscribers.class))
                .isGreaterThan(interceptors.indexOf(AuthorizationChannelInterceptor.class));

        try (RawStompClient student = RawStompClient.connectedAs(port, "alice")) {
            RawStompClient.Frame refused = student.subscribe("/topic/attendance/cs101", "sub-0");
            assertThat(refused.command()).isEqualTo("ERROR");
            messaging.convertAndSend("/topic/attendance/cs101", "not for students");
            // Closed after the ERROR: every frame it was sent is in.
            assertThat(student.awaitClosed(10)).as("closed after the ERROR").isNotNull();
            assertThat(student.received()).noneMatch(frame -> frame.command().equals("MESSAGE"));
        }
    }

    @Test
    void eachSubscriptionGetsItsOwnClassesEventsUnderItsOwnId() {
        try (RawStompClient admin = subscribedAs("admin", "/topic/attendance/cs101", "a-cs");
                RawStompClient teacher = subscribedAs("lovelace", "/topic/attendance/cs101", "t-cs")) {
            admin.subscribed("/topic/attendance/math201", "a-math");

            messaging.convertAndSend("/topic/attendance/math201", "for math201");
            messaging.convertAndSend("/topic/attendance/cs101", "for cs101");

            RawStompClient.Frame first = admin.next(10);
            RawStompClient.Frame second = admin.next(10);
            assertThat(first.command()).isEqualTo("MESSAGE");
            assertThat(first.header("subscription")).isEqualTo("a-math");
            assertThat(first.header("destination")).isEqualTo("/topic/attendance/math201");
            assertThat(first.body()).isEqualTo("for math201");
            assertThat(second.header("subscription")).isEqualTo("a-cs");
            assertThat(second.header("destination")).isEqualTo("/topic/attendance/cs101");
            assertThat(second.body()).isEqualTo("for cs101");

            RawStompClient.Frame toTeacher = teacher.next(10);
            assertThat(toTeacher.header("subscription")).isEqualTo("t-cs");
            assertThat(toTeacher.body()).isEqualTo("for cs101");
            messaging.convertAndSend("/topic/attendance/cs101", "sentinel");
            assertThat(teacher.before(frame -> frame.body().equals("sentinel"), 10)).as("nothing of math201").isEmpty();
        }
    }

    @Test
    void aCommittedEventCrossesTheBrokerOnceAndReachesTheSubscriberOnceAndRepeatsAreDropped() throws Exception {
        String classId = ClassroomCalls.newClass(dataSource, "f", 0);
        InetSocketAddress address = broker.socketAddress();
        try (RawStompClient admin = RawStompClient.connectedAs(port, "admin");
                DirectBrokerClient onTheBroker = new DirectBrokerClient(address.getHostString(), address.getPort())) {
            admin.subscribed("/topic/attendance/" + classId, "sub-0");
            BlockingQueue<String> crossing = onTheBroker.subscribeToClass(classId);

            ClassroomCalls.openSession(port, classId);
            String opened = crossing.poll(10, TimeUnit.SECONDS);
            assertThat(opened).contains("\"seq\":1", "SESSION_OPENED");
            RawStompClient.Frame delivered = admin.next(10);
            assertThat(delivered.header("subscription")).isEqualTo("sub-0");
            assertThat(delivered.header("content-type")).startsWith("application/json");
            assertThat(delivered.body()).isEqualTo(opened);

            // The broker repeats it; under the class topic's own name on the broker, nobody listens.
            onTheBroker.sendToClass(classId, opened);
            onTheBroker.send("/topic/attendance/" + classId, "under the class topic's name");
            // Another instance's next event, as it travels: handed to the subscriber.
            String next = opened.replace("\"seq\":1", "\"seq\":2");
            onTheBroker.sendToClass(classId, next);
            assertThat(admin.next(10).body()).isEqualTo(next);
            String sentinel = opened.replace("\"seq\":1", "\"seq\":3");
            onTheBroker.sendToClass(classId, sentinel);
            assertThat(admin.before(frame -> frame.body().equals(sentinel), 10))
                    .as("neither the repeat nor the message under the class topic's name").isEmpty();
            assertThat(crossing.poll(1, TimeUnit.SECONDS)).as("the broker saw the committed event once").isEqualTo(opened);
        }
    }

    @Test
    void unsubscribeWithAReceiptEndsTheClassEventsAndKeepsTheSession() {
        try (RawStompClient admin = RawStompClient.connectedAs(port, "admin")) {
            admin.subscribed("/topic/attendance/cs101", "sub-0");
            admin.frame("UNSUBSCRIBE", null, "id", "sub-0", "receipt", "unsubscribed");
            RawStompClient.Frame receipt = admin.next(10);
            assertThat(receipt.command()).isEqualTo("RECEIPT");
            assertThat(receipt.header("receipt-id")).isEqualTo("unsubscribed");

            admin.subscribed("/topic/attendance/math201", "probe");
            messaging.convertAndSend("/topic/attendance/cs101", "after the unsubscribe");
            messaging.convertAndSend("/topic/attendance/math201", "sentinel");
            assertThat(admin.before(frame -> frame.body().equals("sentinel"), 10))
                    .as("nothing after the unsubscribe, and no ERROR from the broker").isEmpty();

            admin.subscribed("/topic/attendance/cs101", "sub-1");
            String event = "resubscribed-" + UUID.randomUUID();
            messaging.convertAndSend("/topic/attendance/cs101", event);
            RawStompClient.Frame delivered = admin.next(10);
            assertThat(delivered.header("subscription")).isEqualTo("sub-1");
            assertThat(delivered.body()).isEqualTo(event);
            assertThat(admin.isClosed()).isFalse();
        }
    }

    @Test
    void everyFrameThatAsksForAReceiptGetsOne() {
        try (RawStompClient student = RawStompClient.connectedAs(port, "alice")) {
            student.subscribed("/user/queue/attendance", "own");
            student.subscribed("/user/queue/errors", "errors");
            student.frame("SEND", "", "destination", "/app/nothing-here", "receipt", "sent-1");
            RawStompClient.Frame sent = student.next(10);
            assertThat(sent.command()).isEqualTo("RECEIPT");
            assertThat(sent.header("receipt-id")).isEqualTo("sent-1");
            student.frame("UNSUBSCRIBE", null, "id", "errors", "receipt", "unsubscribed-errors");
            assertThat(student.next(10).header("receipt-id")).isEqualTo("unsubscribed-errors");
            student.frame("DISCONNECT", null, "receipt", "bye");
            assertThat(student.next(10).header("receipt-id")).isEqualTo("bye");
        }
    }

    @Test
    void aStudentsOwnQueueGetsWhatTheApplicationSendsToThatUserOnly() {
        try (RawStompClient alice = subscribedAs("alice", "/user/queue/attendance", "own");
                RawStompClient bob = subscribedAs("bob", "/user/queue/attendance", "own")) {
            messaging.convertAndSendToUser("alice", "/queue/attendance", "for alice");
            RawStompClient.Frame delivered = alice.next(10);
            assertThat(delivered.header("destination")).isEqualTo("/user/queue/attendance");
            assertThat(delivered.header("subscription")).isEqualTo("own");
            assertThat(delivered.body()).isEqualTo("for alice");
            messaging.convertAndSendToUser("bob", "/queue/attendance", "for bob");
            assertThat(bob.before(frame -> frame.body().equals("for bob"), 10)).as("nothing else for bob").isEmpty();
        }
    }

    /** A client signed in as {@code username} whose SUBSCRIBE to {@code destination} was answered RECEIPT. */
    private RawStompClient subscribedAs(String username, String destination, String id) {
        RawStompClient client = RawStompClient.connectedAs(port, username);
        try {
            client.subscribed(destination, id);
            return client;
        }
        catch (RuntimeException | AssertionError failed) {
            client.close();
            throw failed;
        }
    }
}
