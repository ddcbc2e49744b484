package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.broker.EmbeddedActiveMqBroker;
import com.attendancelive.support.DirectBrokerClient;
import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.TestLogin;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.test.context.ActiveProfiles;

/**
 * Class topics with the relay: the broker carries each event once, on the class events topic, and
 * the instance hands it to its own subscribers (embedded ActiveMQ, real WebSocket clients).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ClassTopicFanOutTest {

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    @Autowired
    EmbeddedActiveMqBroker broker;

    @Autowired
    ApplicationEventPublisher events;

    @BeforeEach
    void awaitRelay() {
        Http.awaitReady(port);
    }

    @Test
    void testsObserveTheBrokerUnderTheApplicationsNames() {
        assertThat(DirectBrokerClient.CLASS_EVENTS).isEqualTo(ClassTopicFanOut.CLASS_EVENTS_DESTINATION);
        assertThat(DirectBrokerClient.CLASS_HEADER).isEqualTo(ClassTopicFanOut.CLASS_HEADER);
    }

    @Test
    void aClassSubscriptionIsKeptOnlyOnceSpringSecurityAuthorizedIt(
            @Autowired @Qualifier("clientInboundChannel") AbstractSubscribableChannel clientInbound) {
        List<Class<?>> interceptors = clientInbound.getInterceptors().stream().<Class<?>>map(Object::getClass).toList();
        assertThat(interceptors).contains(AuthorizationChannelInterceptor.class, ClassTopicFanOut.class);
        assertThat(interceptors.indexOf(ClassTopicFanOut.class))
                .isGreaterThan(interceptors.indexOf(AuthorizationChannelInterceptor.class));

        try (RawStompClient student = RawStompClient.connected(port, TestLogin.bearer(port, "alice"))) {
            RawStompClient.Frame refused = student.subscribe("/topic/attendance/cs101", "sub-0");
            assertThat(refused.command()).isEqualTo("ERROR");
            messaging.convertAndSend("/topic/attendance/cs101", "not for students");
            assertThat(student.next(2)).as("nothing after the ERROR").isNull();
            assertThat(student.received()).noneMatch(frame -> frame.command().equals("MESSAGE"));
        }
    }

    @Test
    void eachSubscriptionGetsItsOwnClassesEventsUnderItsOwnId() {
        try (RawStompClient admin = RawStompClient.connected(port, TestLogin.bearer(port, "admin"));
                RawStompClient teacher = RawStompClient.connected(port, TestLogin.bearer(port, "lovelace"))) {
            assertThat(admin.subscribe("/topic/attendance/cs101", "a-cs").command()).isEqualTo("RECEIPT");
            assertThat(admin.subscribe("/topic/attendance/math201", "a-math").command()).isEqualTo("RECEIPT");
            assertThat(teacher.subscribe("/topic/attendance/cs101", "t-cs").command()).isEqualTo("RECEIPT");

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
            assertThat(teacher.next(1)).as("nothing of math201").isNull();
        }
    }

    @Test
    void theBrokerCarriesClassEventsOnceOnTheClassEventsTopicAndHoldsNoSubscriptionPerSession() throws Exception {
        InetSocketAddress address = broker.socketAddress();
        try (RawStompClient admin = RawStompClient.connected(port, TestLogin.bearer(port, "admin"));
                DirectBrokerClient onTheBroker = new DirectBrokerClient(address.getHostString(), address.getPort())) {
            assertThat(admin.subscribe("/topic/attendance/math201", "sub-0").command()).isEqualTo("RECEIPT");
            BlockingQueue<String> crossing = onTheBroker.subscribeToClass("math201");

            // Under the class's own name on the broker, nobody listens: the session's subscription is the application's.
            onTheBroker.send("/topic/attendance/math201", "under the class topic's name");
            // Another instance's event, as it travels: this instance hands it to its subscriber.
            onTheBroker.sendToClass("math201", "from another instance");
            assertThat(admin.next(10).body()).isEqualTo("from another instance");

            messaging.convertAndSend("/topic/attendance/math201", "from this instance");
            assertThat(crossing.poll(10, TimeUnit.SECONDS)).isEqualTo("from another instance");
            assertThat(crossing.poll(10, TimeUnit.SECONDS)).isEqualTo("from this instance");
            assertThat(admin.next(10).body()).isEqualTo("from this instance");
            assertThat(admin.next(1)).as("nothing sent under the class topic's own name").isNull();
        }
    }

    @Test
    void unsubscribeWithAReceiptEndsTheClassEventsAndKeepsTheSession() {
        try (RawStompClient admin = RawStompClient.connected(port, TestLogin.bearer(port, "admin"))) {
            assertThat(admin.subscribe("/topic/attendance/cs101", "sub-0").command()).isEqualTo("RECEIPT");
            admin.frame("UNSUBSCRIBE", null, "id", "sub-0", "receipt", "unsubscribed");
            RawStompClient.Frame receipt = admin.next(10);
            assertThat(receipt.command()).isEqualTo("RECEIPT");
            assertThat(receipt.header("receipt-id")).isEqualTo("unsubscribed");

            messaging.convertAndSend("/topic/attendance/cs101", "after the unsubscribe");
            assertThat(admin.next(2)).as("nothing after the unsubscribe, and no ERROR from the broker").isNull();

            assertThat(admin.subscribe("/topic/attendance/cs101", "sub-1").command()).isEqualTo("RECEIPT");
            String event = "resubscribed-" + UUID.randomUUID();
            messaging.convertAndSend("/topic/attendance/cs101", event);
            RawStompClient.Frame delivered = admin.next(10);
            assertThat(delivered.header("subscription")).isEqualTo("sub-1");
            assertThat(delivered.body()).isEqualTo(event);
            assertThat(admin.isClosed()).isFalse();
        }
    }

    @Test
    void losingTheBrokerConnectionClosesClassSubscribersWithAReason() {
        try (RawStompClient teacher = RawStompClient.connected(port, TestLogin.bearer(port, "lovelace"));
                RawStompClient student = RawStompClient.connected(port, TestLogin.bearer(port, "alice"))) {
            assertThat(teacher.subscribe("/topic/attendance/cs101", "sub-0").command()).isEqualTo("RECEIPT");
            assertThat(student.subscribe("/user/queue/attendance", "sub-0").command()).isEqualTo("RECEIPT");
            try {
                events.publishEvent(new BrokerAvailabilityEvent(false, this));

                RawStompClient.Frame error = teacher.next(10);
                assertThat(error.command()).isEqualTo("ERROR");
                assertThat(error.header("message")).isEqualTo(ClassTopicFanOut.CONNECTION_LOST);
                assertThat(teacher.awaitClosed(10)).isNotNull();
                assertThat(student.next(1)).as("a session without class subscriptions misses nothing").isNull();
                assertThat(student.isClosed()).isFalse();
            }
            finally {
                // The relay's connection never went: say so again, for the health indicator.
                events.publishEvent(new BrokerAvailabilityEvent(true, this));
            }
        }
    }
}
