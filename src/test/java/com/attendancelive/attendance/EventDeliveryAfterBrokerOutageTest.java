package com.attendancelive.attendance;

import static com.attendancelive.attendance.AttendanceTestSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.attendancelive.attendance.AttendanceTestSupport.TestClass;
import com.attendancelive.support.DirectBrokerClient;
import com.attendancelive.support.Http;
import com.attendancelive.support.Received;
import com.attendancelive.support.StandaloneBroker;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestBroker;
import com.attendancelive.support.TestLogin;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change committed while the broker is down is not lost: its publication stays incomplete, and
 * it is sent once the instance has its broker back (other instances read it from the database
 * meanwhile; this puts the fast path back).
 *
 * <p>The test owns the broker. To watch the topic before the instance reconnects (the resubmission
 * follows the reconnect at once), the restarted broker first listens only on a second "observer"
 * port, where a direct STOMP client subscribes; then it opens the instance's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(AttendanceTestSupport.TestClock.class)
class EventDeliveryAfterBrokerOutageTest {

    static final int BROKER_PORT = TestBroker.freePort();
    static BrokerService broker = startBroker();

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) {
        registry.add("attendance.broker.mode", () -> "external");
        registry.add("attendance.broker.port", () -> BROKER_PORT);
        registry.add("attendance.demo-data", () -> "true");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        stop(broker);
    }

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anEventCommittedWhileTheBrokerIsDownIsSentWhenItIsBack() throws Exception {
        Http.awaitReady(port);
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestClass cls = AttendanceTestSupport.newClass(jdbc);
        String session;
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection teacher = client.connect(port, TestLogin.connectHeaders(port, "lovelace"))) {
            BlockingQueue<String> topic = teacher.subscribe("/topic/attendance/" + cls.id());
            session = json.readTree(mvc.perform(post("/api/classes/" + cls.id() + "/sessions").with(as("lovelace", "TEACHER")))
                    .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asString();
            assertThat(json.readTree(topic.poll(10, TimeUnit.SECONDS)).get("seq").asLong()).isEqualTo(1);
        }
        // The event can reach the teacher a moment before the broker's receipt completes its publication.
        Awaitility.await("the first event's publication completes").atMost(Duration.ofSeconds(10))
                .until(() -> unsentPublications() == 0);

        stop(broker);
        Awaitility.await("the instance notices the outage").atMost(Duration.ofSeconds(30))
                .until(() -> Http.status(port, "/actuator/health") == 503);

        // The change itself does not depend on the broker: it commits.
        mvc.perform(post("/api/classes/" + cls.id() + "/sessions/" + session + "/check-ins").with(as("kiosk", "SERVICE"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"studentId\": \"" + cls.a() + "\"}"))
                .andExpect(status().isCreated());
        assertThat(unsentPublications()).isEqualTo(1);

        int observerPort = TestBroker.freePort();
        broker = startObserverOnly(observerPort);
        try (DirectBrokerClient observer = new DirectBrokerClient("127.0.0.1", observerPort)) {
            BlockingQueue<String> onTheBroker = observer.subscribeToClass(cls.id());
            TransportConnector instanceConnector = broker.addConnector(brokerUri());
            broker.startTransportConnector(instanceConnector);

            String message = onTheBroker.poll(30, TimeUnit.SECONDS);
            assertThat(message).as("the event committed during the outage").isNotNull();
            JsonNode event = json.readTree(message);
            assertThat(event.get("type").asString()).isEqualTo("CHECKED_IN");
            assertThat(event.get("seq").asLong()).isEqualTo(2);
            assertThat(event.get("studentId").asString()).isEqualTo(cls.a());
            Awaitility.await("the publication completes").atMost(Duration.ofSeconds(10))
                    .until(() -> unsentPublications() == 0);
            // The sentinel: the next check-in's event; nothing (no second copy of seq 2) before it.
            mvc.perform(post("/api/classes/" + cls.id() + "/sessions/" + session + "/check-ins").with(as("kiosk", "SERVICE"))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"studentId\": \"" + cls.b() + "\"}"))
                    .andExpect(status().isCreated());
            assertThat(Received.beforeSeq(onTheBroker, 3, Duration.ofSeconds(10))).as("sent once").isEmpty();
        }
    }

    private int unsentPublications() {
        return jdbc.sql("select count(*) from event_publication where completion_date is null").query(Integer.class).single();
    }

    private static String brokerUri() {
        return "stomp+nio://127.0.0.1:" + BROKER_PORT + "?transport.hbGracePeriodMultiplier=1.5";
    }

    private static BrokerService startBroker() {
        try {
            BrokerService service = newBroker();
            service.addConnector(brokerUri());
            service.start();
            service.waitUntilStarted();
            return service;
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static BrokerService startObserverOnly(int observerPort) throws Exception {
        BrokerService service = newBroker();
        service.addConnector("stomp+nio://127.0.0.1:" + observerPort + "?transport.hbGracePeriodMultiplier=1.5");
        service.start();
        service.waitUntilStarted();
        return service;
    }

    private static BrokerService newBroker() {
        return StandaloneBroker.newBrokerService("outage");
    }

    private static void stop(BrokerService service) throws Exception {
        if (service != null && service.isStarted()) {
            service.stop();
            service.waitUntilStopped();
        }
    }
}
