package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.RawStompClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** {@code attendance.security.max-sessions-per-user}: STOMP and plain route sessions of one user count together. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "attendance.security.jwt-secret=" + Tokens.SECRET,
        "attendance.security.max-sessions-per-user=2" })
@ActiveProfiles("test")
class SessionsPerUserLimitTest {

    private static final String REFUSAL = "too many sessions: at most 2 per user on this instance";

    @LocalServerPort
    int port;

    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void awaitReady() {
        Http.awaitReady(port);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable client : open) {
            client.close();
        }
    }

    @Test
    void pastTheLimitAUsersConnectIsRefusedAndTheirOtherSessionsAndOtherUsersCarryOn() {
        String lovelace = "Bearer " + Tokens.valid("lovelace", "TEACHER", 600);
        RawStompClient first = stomp(RawStompClient.connected(port, lovelace));
        stomp(RawStompClient.connected(port, lovelace));

        RawStompClient third = stomp(RawStompClient.connect(port, lovelace));
        RawStompClient.Frame error = third.next(10);
        assertThat(error).isNotNull();
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(error.header("message")).isEqualTo(REFUSAL);
        assertThat(third.awaitClosed(10)).as("the refused session is closed").isNotNull();

        assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101", lovelace))
                .as("the plain route counts the same sessions").isEqualTo(429);
        assertThat(PlainSocketClient.handshakeBody(port, "/ws/attendance/cs101", lovelace)).contains(REFUSAL);

        assertThat(first.subscribe("/topic/attendance/cs101", "sub-0").command())
                .as("the user's open sessions are not touched").isEqualTo("RECEIPT");
        String turing = "Bearer " + Tokens.valid("turing", "TEACHER", 600);
        stomp(RawStompClient.connected(port, turing));
        stomp(RawStompClient.connected(port, turing));
    }

    @Test
    void aSessionClosedByItsClientOrRefusedByTheServerGivesItsSlotBack() {
        String admin = "Bearer " + Tokens.valid("admin", "ADMIN", 600);
        RawStompClient closedByClient = stomp(RawStompClient.connected(port, admin));
        RawStompClient refusedByServer = stomp(RawStompClient.connected(port, admin));
        assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101", admin)).isEqualTo(429);

        closedByClient.close();
        PlainSocketClient plain = Awaitility.await("the closed session's slot").atMost(Duration.ofSeconds(10))
                .ignoreExceptions().until(() -> plain(PlainSocketClient.open(port, "/ws/attendance/cs101", admin)), client -> true);
        plain.send("{\"type\":\"ping\"}");
        assertThat(plain.next(10)).as("the plain session is served").isEqualTo("{\"type\":\"pong\"}");

        RawStompClient.Frame refusal = refusedByServer.subscribe("/topic/attendance/*", "wild");
        assertThat(refusal.command()).as("a hostile SUBSCRIBE ends the session").isEqualTo("ERROR");
        Awaitility.await("the refused session's slot").atMost(Duration.ofSeconds(10))
                .ignoreExceptions().untilAsserted(() -> stomp(RawStompClient.connected(port, admin)));
        RawStompClient overLimit = stomp(RawStompClient.connect(port, admin));
        assertThat(overLimit.next(10).header("message")).isEqualTo(REFUSAL);
    }

    private RawStompClient stomp(RawStompClient client) {
        open.add(client::close);
        return client;
    }

    private PlainSocketClient plain(PlainSocketClient client) {
        open.add(client::close);
        return client;
    }
}
