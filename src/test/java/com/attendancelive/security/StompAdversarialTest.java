package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Hostile STOMP clients against the running application with its embedded broker. For every
 * refused frame: the client gets an ERROR naming the reason, its connection closes, and a real
 * event then published to the class reaches a legitimate subscriber but not the attacker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.security.jwt-secret=" + Tokens.SECRET)
@ActiveProfiles("test")
class StompAdversarialTest {

    @LocalServerPort
    int port;

    @Autowired
    SimpMessagingTemplate messaging;

    private StompTestClient stomp;
    private StompTestClient.Connection admin;
    private BlockingQueue<String> adminSeesCs101;

    @BeforeEach
    void legitimateSubscriber() {
        Http.awaitReady(port);
        stomp = new StompTestClient();
        admin = stomp.connect(port, TestLogin.connectHeaders(port, "admin"));
        adminSeesCs101 = admin.subscribe("/topic/attendance/cs101");
    }

    @AfterEach
    void closeSubscriber() {
        admin.close();
        stomp.close();
    }

    // ---- who may subscribe to a class ----

    @ParameterizedTest(name = "{0} may not")
    @CsvSource({
            "a student subscribing to their own class topic, alice, cs101",
            "a teacher subscribing to a class another teacher teaches, turing, cs101",
            "a service account subscribing to a class topic, kiosk, cs101",
            "nobody subscribing to a class that does not exist, admin, no-such-class"})
    void aClassTopicIsOnlyForItsTeachersAndAdmins(String who, String user, String classId) {
        assertSubscribeRefused(user, "/topic/attendance/" + classId, "access denied");
    }

    @Test
    void theTeacherAndAnyUserOnTheirOwnQueuesAreAllowed() {
        try (RawStompClient teacher = RawStompClient.connected(port, bearer("lovelace"));
                RawStompClient student = RawStompClient.connected(port, bearer("alice"))) {
            teacher.subscribed("/topic/attendance/cs101", "sub-0");
            student.subscribed("/user/queue/attendance", "sub-0");
            student.subscribed("/user/queue/errors", "sub-1");

            String event = publishProbe();
            RawStompClient.Frame message = teacher.next(10);
            assertThat(message).isNotNull();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.body()).isEqualTo(event);
            assertThat(student.receivedMessage()).isFalse();
        }
    }

    // ---- the destination grammar, on the raw string ----

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "turing | /topic/attendance/* | wildcard",
            "turing | /topic/attendance/> | wildcard",
            "turing | /topic/attendance/# | wildcard",
            "turing | /topic/> | wildcard",
            "turing | /topic/attendance/cs* | wildcard",
            "turing | /topic/*/cs101 | wildcard",
            "turing | /topic/attendance/math201,/topic/attendance/cs101 | composite",
            "turing | /topic/attendance/math201,topic://attendance.cs101 | composite",
            "turing | /topic/attendance/cs%31%30%31 | percent-encoded",
            "turing | /topic/attendance/%2A | percent-encoded",
            "turing | /topic/attendance/math201;cs101 | parameters",
            "turing | /topic/attendance/math201/../cs101 | canonical",
            "turing | /topic/attendance//cs101 | canonical",
            "turing | '/topic/attendance/ cs101' | whitespace",
            "turing | /topic/attendance/cs101?selector=x | options",
            "alice | /queue/attendance | raw /queue",
            "alice | /user/bob/queue/attendance | unknown user destination",
            "alice | /user/queue/other | unknown user destination",
            "alice | /topic/simp-user-registry | internal",
            "alice | /topic/unresolved-user-destination | internal",
            "alice | /topic/anything-else | destination not allowed",
            "alice | /app/anything | /app"})
    void aDestinationOutsideTheGrammarIsRefusedWithItsReason(String user, String destination, String reason) {
        assertSubscribeRefused(user, destination, reason);
    }

    @Test
    void anOverlongClassIdAndAnotherSessionsRawQueueAreRefused() {
        assertSubscribeRefused("turing", "/topic/attendance/" + "a".repeat(65), "destination not allowed");
        assertSubscribeRefused("alice", "/queue/errors-user" + UUID.randomUUID(), "raw /queue");
    }

    // ---- SEND ----

    @Test
    void aForgedEventSentToAClassTopicIsRefusedAndTheSubscriberSeesOnlyRealEvents() throws Exception {
        try (StompTestClient.Connection teacher = stomp.connect(port, TestLogin.connectHeaders(port, "lovelace"))) {
            BlockingQueue<String> teacherSees = teacher.subscribe("/topic/attendance/cs101");
            for (String destination : new String[] {"/topic/attendance/cs101", "/queue/attendance", "/user/lovelace/queue/attendance",
                    "/topic/attendance/cs101,/topic/x", "/app/../topic/attendance/cs101"}) {
                assertRefused("alice", client -> client.frame("SEND",
                        "{\"type\":\"CHECKED_IN\",\"classId\":\"cs101\",\"studentId\":\"alice\",\"forged\":true}",
                        "destination", destination, "content-type", "application/json"),
                        destination.startsWith("/app") ? "canonical" : "not allowed");
            }
            String event = publishProbe();
            // The teacher saw every probe published meanwhile, the last one included, and nothing forged.
            java.util.List<String> seen = new java.util.ArrayList<>();
            String next;
            while ((next = teacherSees.poll(seen.contains(event) ? 1 : 10, TimeUnit.SECONDS)) != null) {
                seen.add(next);
            }
            assertThat(seen).contains(event).allMatch(body -> body.startsWith("probe-"));
        }
    }

    // ---- headers the broker would act on ----

    @Test
    void brokerHeadersOnSubscribeAreRefused() {
        String[][] headers = {
                {"selector", "classId = 'cs101'"},
                {"activemq.subscriptionName", "durable-1"},
                {"activemq.retroactive", "true"},
                {"durable-subscription-name", "d1"},
                {"transformation", "jms-map-json"},
                {"x-queue-name", "q"},
                {"ack", "client"},
        };
        for (String[] header : headers) {
            assertRefused("turing", client -> {
                RawStompClient.Frame answer = client.subscribe("/topic/attendance/math201", "sub-0", header[0], header[1]);
                assertThat(answer).isNotNull();
            }, header[0].equals("ack") ? "ack:auto" : "header '" + header[0] + "' is not allowed");
        }
    }

    @Test
    void brokerHeadersOnSendAreRefused() {
        for (String header : new String[] {"persistent", "reply-to", "expires", "priority", "JMSXGroupID", "transformation"}) {
            assertRefused("alice", client -> client.frame("SEND", "{}", "destination", "/app/attendance/check-in",
                    header, "x"), "header '" + header + "' is not allowed");
        }
    }

    @Test
    void unsupportedAndServerCommandsAreRefused() {
        assertRefused("alice", client -> client.frame("ACK", null, "id", "1"), "ACK is not supported");
        assertRefused("alice", client -> client.frame("BEGIN", null, "transaction", "t1"), "transactions");
        assertRefused("alice", client -> client.frame("MESSAGE", "x", "destination", "/topic/attendance/cs101"), "server frame");
    }

    @Test
    void framesBeforeConnectAndASecondConnectAreRefused() {
        try (RawStompClient client = RawStompClient.open(port)) {
            client.frame("SUBSCRIBE", null, "destination", "/topic/attendance/cs101", "id", "0");
            assertErrorAndClosed(client, "not connected");
        }
        assertRefused("alice", client -> client.frame("CONNECT", null, "accept-version", "1.2",
                "Authorization", bearer("admin")), "already connected");
    }

    // ---- malformed and oversized frames ----

    @Test
    void malformedFramesGetAnErrorAndTheServerCarriesOn() {
        String[] garbage = {"HELLO\n\n\0", "SUBSCRIBE\ndestination:/topic/attendance/cs101\nid:\\x\n\n\0", "\u0000\u0001\u0002\n\0"};
        for (String frame : garbage) {
            try (RawStompClient client = RawStompClient.connected(port, bearer("lovelace"))) {
                client.send(frame);
                RawStompClient.Frame answer = client.next(10);
                assertThat(answer).as("answer to %s", frame).isNotNull();
                assertThat(answer.command()).isEqualTo("ERROR");
                assertThat(client.awaitClosed(10)).isNotNull();
                assertThat(client.receivedMessage()).isFalse();
            }
        }
        assertLegitimateSubscriberStillServed();
    }

    @Test
    void anOversizedFrameClosesOnlyThatSession() {
        // One WebSocket message of 64 KB: Tomcat hands it over in pieces of its buffer
        // (attendance.capacity.web-socket-buffer-size), and Spring's STOMP decoder refuses the frame once
        // it passes attendance.security.max-frame-size (16 KB), possibly before the client has written it all.
        try (RawStompClient client = RawStompClient.connected(port, bearer("alice"))) {
            try {
                client.frame("SEND", "x".repeat(64 * 1024), "destination", "/app/attendance/check-in");
            }
            catch (CompletionException closedWhileSending) {
                // the close came first
            }
            RawStompClient.Closed closed = client.awaitClosed(10);
            assertThat(closed).as("oversized message closes the session").isNotNull();
            assertThat(client.received()).filteredOn(frame -> frame.command().equals("ERROR")).singleElement()
                    .satisfies(error -> assertThat(error.header("message")).contains("too large"));
        }
        // A frame above attendance.security.max-frame-size (16 KB) split into WebSocket messages that each
        // fit the buffer: Spring's STOMP decoder refuses it.
        try (RawStompClient client = RawStompClient.connected(port, bearer("alice"))) {
            client.send("SEND\ndestination:/app/attendance/check-in\n\n");
            for (int i = 0; i < 8; i++) {
                client.send("y".repeat(4 * 1024));
            }
            assertThat(client.awaitClosed(10)).isNotNull();
            assertThat(client.received()).filteredOn(frame -> frame.command().equals("ERROR")).singleElement()
                    .satisfies(error -> assertThat(error.header("message")).contains("too large"));
        }
        assertLegitimateSubscriberStillServed();
    }

    // ---- helpers ----

    /** Logging in costs a bcrypt check: one token per user is enough for this class. */
    private static final java.util.Map<String, String> BEARERS = new java.util.concurrent.ConcurrentHashMap<>();

    private String bearer(String user) {
        return BEARERS.computeIfAbsent(port + "/" + user, key -> TestLogin.bearer(port, user));
    }

    private void assertSubscribeRefused(String user, String destination, String reason) {
        RawStompClient.Frame error = assertRefused(user, client -> client.frame("SUBSCRIBE", null,
                "destination", destination, "id", "sub-0", "receipt", "r-0"), reason);
        assertThat(error.header("receipt-id")).as("the ERROR names the refused frame's receipt").isEqualTo("r-0");
    }

    /** Connects as the user, runs the attack, expects the ERROR and the close, then proves nothing arrives. */
    private RawStompClient.Frame assertRefused(String user, Consumer<RawStompClient> attack, String reason) {
        RawStompClient client = RawStompClient.connected(port, bearer(user));
        try {
            attack.accept(client);
            RawStompClient.Frame error = assertErrorAndClosed(client, reason);
            String event = publishProbe();
            // Closed above, so every frame the attacker was sent is in received().
            assertThat(client.receivedMessage()).as("attacker received nothing of %s", event).isFalse();
            return error;
        }
        finally {
            client.close();
        }
    }

    private RawStompClient.Frame assertErrorAndClosed(RawStompClient client, String reason) {
        RawStompClient.Frame error = client.received().stream().filter(f -> f.command().equals("ERROR")).findFirst()
                .orElseGet(() -> {
                    RawStompClient.Frame next;
                    while ((next = client.next(10)) != null && !next.command().equals("ERROR")) {
                        assertThat(next.command()).as("no MESSAGE before the refusal").isNotEqualTo("MESSAGE");
                    }
                    return next;
                });
        assertThat(error).as("an ERROR frame").isNotNull();
        assertThat(error.header("message")).contains(reason);
        assertThat(error.header("message")).doesNotContain("eyJ"); // never a token
        assertThat(client.awaitClosed(10)).as("connection closed after the ERROR").isNotNull();
        return error;
    }

    /** Publishes a real event to cs101 and waits until the legitimate subscriber has it. */
    private String publishProbe() {
        String event = "probe-" + UUID.randomUUID();
        messaging.convertAndSend("/topic/attendance/cs101", event);
        try {
            assertThat(adminSeesCs101.poll(10, TimeUnit.SECONDS)).isEqualTo(event);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        return event;
    }

    private void assertLegitimateSubscriberStillServed() {
        publishProbe();
        try (RawStompClient fresh = RawStompClient.connected(port, bearer("lovelace"))) {
            fresh.subscribed("/topic/attendance/cs101", "sub-0");
            String event = publishProbe();
            RawStompClient.Frame message = fresh.next(10);
            assertThat(message).isNotNull();
            assertThat(message.body()).isEqualTo(event);
        }
    }
}
