package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.TestLogin;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The plain WebSocket route {@code /ws/attendance/{classId}} (contract version 2): the handshake
 * refused before the upgrade with the right status, one-time tickets, the class's events as on
 * STOMP with the {@code afterSeq} replay, ping/pong, token refresh, and the close codes.
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "attendance.security.jwt-secret=" + Tokens.SECRET,
        "attendance.realtime.plain-ping-interval=1s",
        "attendance.security.send-time-limit=2s",
        "attendance.realtime.replay-limit=20"})
@ActiveProfiles("test")
class PlainWebSocketRouteTest extends RunningAppTest {

    private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

    @Autowired
    MeterRegistry meters;

    @Autowired
    SimpMessagingTemplate messaging;

    private String classId;
    private String session;
    private String kiosk;
    private String teacher;

    @BeforeEach
    void classWithAnOpenSession() throws Exception {
        Http.awaitReady(port);
        kiosk = TestLogin.bearer(port, "kiosk");
        teacher = TestLogin.bearer(port, "lovelace");
        classId = ClassroomCalls.newClass(dataSource, "p", 30);
        session = ClassroomCalls.openSession(port, classId); // seq 1
    }

    @Test
    void theHandshakeIsRefusedBeforeTheUpgradeWithTheRightStatus() {
        String route = "/ws/attendance/" + classId;
        assertThat(status("/ws/attendance/bad.id", teacher)).isEqualTo(400);
        assertThat(status("/ws/attendance/%63s101", teacher)).as("percent-encoded").isEqualTo(400);
        assertThat(status("/ws/attendance/" + "x".repeat(65), teacher)).isEqualTo(400);
        assertThat(status(route + "?afterSeq=-1", teacher)).isEqualTo(400);
        assertThat(status(route + "?afterSeq=1&afterSeq=2", teacher)).isEqualTo(400);
        assertThat(status(route + "?afterSeq=1234567890123456789", teacher)).isEqualTo(400);
        assertThat(status(route + "?subscribe=/topic/attendance/math201", teacher)).isEqualTo(400);
        assertThat(status(route + "?access_token=" + TestLogin.token(port, "lovelace"), null)).isEqualTo(400);
        assertThat(status(route + "?token=" + TestLogin.token(port, "lovelace"), null)).isEqualTo(400);
        assertThat(status(route + "?ticket=" + ticket(teacher), teacher)).as("both a header and a ticket").isEqualTo(400);

        assertThat(status(route, null)).isEqualTo(401);
        assertThat(status(route, "Bearer " + Tokens.wrongKey("lovelace", "TEACHER"))).isEqualTo(401);
        assertThat(status(route, "Bearer " + Tokens.expired("lovelace", "TEACHER"))).isEqualTo(401);
        assertThat(status(route + "?ticket=" + "A".repeat(43), null)).isEqualTo(401);
        assertThat(status(route + "?ticket=short", null)).isEqualTo(401);

        assertThat(status(route, TestLogin.bearer(port, "alice"))).as("a student").isEqualTo(403);
        assertThat(status(route, TestLogin.bearer(port, "turing"))).as("another class's teacher").isEqualTo(403);
        assertThat(status("/ws/attendance/no-such-class", teacher)).isEqualTo(404);

        String refusal = PlainSocketClient.handshakeBody(port, route + "?token=secret-token-value", null);
        assertThat(refusal).contains("a token in the URL is refused").doesNotContain("secret-token-value");
        assertThat(status(route, teacher)).isEqualTo(101);
    }

    @Test
    void aTicketIsForOneHandshakeOfItsOwnUserWithinItsLifetime() {
        HttpResponse<String> issued = post("/api/ws-tickets", teacher, "");
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.body()).contains("\"expires_in\":30");
        String ticket = ticketOf(issued);
        String route = "/ws/attendance/" + classId;

        // A malformed query refuses the handshake before the ticket is looked at: it is still good.
        assertThat(status(route + "?ticket=" + ticket + "&afterSeq=x", null)).isEqualTo(400);
        try (PlainSocketClient socket = PlainSocketClient.open(port, route + "?ticket=" + ticket, null)) {
            checkIn(0);
            assertThat(socket.next(10)).contains("\"seq\":2");
        }
        assertThat(status(route + "?ticket=" + ticket, null)).as("used once already").isEqualTo(401);

        String students = ticket(TestLogin.bearer(port, "alice"));
        assertThat(status(route + "?ticket=" + students, null)).as("the ticket carries its user's rights").isEqualTo(403);

        String expired = ticket(teacher);
        jdbc.sql("update ws_ticket set expires_at = ?").param(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1))).update();
        assertThat(status(route + "?ticket=" + expired, null)).isEqualTo(401);

        assertThat(post("/api/ws-tickets", null, "").statusCode()).isEqualTo(401);
        assertThat(post("/api/ws-tickets", teacher, "{\"user\":\"admin\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void oneUserHoldsABoundedNumberOfUnusedTickets() {
        String turing = TestLogin.bearer(port, "turing");
        for (int i = 0; i < WebSocketTickets.MAX_OUTSTANDING_PER_USER; i++) {
            assertThat(post("/api/ws-tickets", turing, "").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> refused = post("/api/ws-tickets", turing, "");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(jdbc.sql("select count(*) from ws_ticket where username = 'turing'").query(Long.class).single())
                .isEqualTo(WebSocketTickets.MAX_OUTSTANDING_PER_USER);
    }

    @Test
    void theClassEventsArriveAsOnStompThenTheReplayAfterSeqAndAResyncWhenAhead() throws Exception {
        try (RawStompClient stomp = RawStompClient.connected(port, teacher);
                PlainSocketClient plain = teacherOnTheRoute()) {
            stomp.subscribed("/topic/attendance/" + classId, "s-1");
            checkIn(0);
            String overPlain = plain.next(10);
            assertThat(overPlain).contains("\"seq\":2");
            assertThat(overPlain).isEqualTo(stomp.next(10).body());
        }
        checkIn(1);
        checkIn(2); // seq 1..4
        try (PlainSocketClient replaying = PlainSocketClient.open(port, "/ws/attendance/" + classId + "?afterSeq=1", teacher);
                PlainSocketClient ahead = PlainSocketClient.open(port, "/ws/attendance/" + classId + "?afterSeq=99", teacher)) {
            assertThat(seqs(replaying, 3)).containsExactly(2L, 3L, 4L);
            assertThat(ahead.next(10)).isEqualTo("{\"type\":\"RESYNC\",\"classId\":\"" + classId + "\",\"seq\":4}");
            checkIn(3);
            assertThat(seqs(replaying, 1)).containsExactly(5L);
            assertThat(seqs(ahead, 1)).containsExactly(5L);
            replaying.send("{\"type\":\"ping\"}");
            assertThat(replaying.next(10)).as("no repeat before the pong").isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void anythingButAPingOrATokenClosesTheConnectionWith1008() {
        List<String> hostile = List.of("{\"type\":\"subscribe\",\"classId\":\"math201\"}", "ping", "[]", "null", "{}",
                "{\"type\":\"ping\",\"extra\":1}", "{\"type\":1}", "{\"type\":\"token\",\"token\":5}",
                "{\"type\":\"ping\"}".repeat(300), "x".repeat(4097));
        for (String frame : hostile) {
            try (PlainSocketClient plain = teacherOnTheRoute()) {
                plain.send(frame);
                PlainSocketClient.Closed closed = plain.awaitClosed(10);
                assertThat(closed).as(frame.length() > 60 ? frame.substring(0, 60) + "..." : frame).isNotNull();
                assertThat(closed.code()).as(frame.length() > 60 ? frame.substring(0, 60) + "..." : frame).isEqualTo(1008);
            }
        }
        try (PlainSocketClient plain = teacherOnTheRoute()) {
            plain.sendBinary(new byte[] {1, 2, 3});
            assertThat(plain.awaitClosed(10).code()).isEqualTo(1008);
        }
        try (PlainSocketClient flooding = teacherOnTheRoute();
                PlainSocketClient calm = teacherOnTheRoute()) {
            // Until the server's close arrives: a send racing it finds the output closed, and stops the flood.
            int sent = 0;
            while (sent < 80 && flooding.awaitClosed(0) == null && flooding.trySend("{\"type\":\"ping\"}")) {
                sent++;
            }
            PlainSocketClient.Closed closed = flooding.awaitClosed(10);
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("too many frames");
            checkIn(4);
            assertThat(calm.next(10)).as("the others are served").contains("\"seq\":2");
        }
    }

    @Test
    void aRefreshMovesTheSessionsEndAndAnExpiredTokenClosesWith4401() throws Exception {
        try (PlainSocketClient plain = PlainSocketClient.open(port, "/ws/attendance/" + classId,
                "Bearer " + Tokens.valid("lovelace", "TEACHER", 3))) {
            plain.send("{\"type\":\"token\",\"token\":\"" + Tokens.valid("lovelace", "TEACHER", 9) + "\"}");
            Thread.sleep(7_000); // past the first token's end, its clock skew (2 s) and a sweep (1 s)
            checkIn(5);
            assertThat(plain.next(5)).contains("\"seq\":2");
            PlainSocketClient.Closed closed = plain.awaitClosed(15);
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).isEqualTo("token expired");
        }
    }

    @Test
    void aRefreshWithAnotherUsersOrABadTokenEndsTheSession() {
        assertRefreshCloses(Tokens.valid("turing", "TEACHER", 600), 1008, "token refresh refused: the token is for another user");
        assertRefreshCloses(Tokens.wrongKey("lovelace", "TEACHER"), 1008, "invalid token");
        assertRefreshCloses(Tokens.expired("lovelace", "TEACHER"), 4401, "token expired");
    }

    @Test
    void aTeacherUnassignedFromTheClassIsClosedWith4403() {
        String admin = TestLogin.bearer(port, "admin");
        double closedBefore = closedByServer(4403);
        try (PlainSocketClient plain = teacherOnTheRoute()) {
            // The server registers the session just after the client's handshake completes.
            Awaitility.await("the gauge counts the session").atMost(Duration.ofSeconds(5))
                    .until(() -> meters.get("attendance.plain.sessions").gauge().value() >= 1);
            HttpResponse<String> unassigned = Http.send(HttpRequest.newBuilder(URI.create(url("/api/classes/" + classId + "/teachers/lovelace")))
                    .header("Authorization", admin).DELETE().build());
            assertThat(unassigned.statusCode()).isEqualTo(204);
            PlainSocketClient.Closed closed = plain.awaitClosed(10);
            assertThat(closed.code()).isEqualTo(4403);
            assertThat(closed.reason()).startsWith("access to class " + classId + " ended");
        }
        assertThat(closedByServer(4403))
                .isEqualTo(closedBefore + 1);
    }

    /**
     * The pings of one round go out on several send threads at once: with one buffer shared by every
     * session, two threads sending it together garbled frames (1002 or a protocol error at the peer).
     */
    @Test
    void everyPingOfEverySessionCarriesItsPayloadWhenManyArePingedAtOnce() throws Exception {
        List<PlainSocketClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 45; i++) { // under the per-user cap of 50
                clients.add(PlainSocketClient.open(port, "/ws/attendance/" + classId, teacher));
            }
            Awaitility.await("three rounds of pings").atMost(Duration.ofSeconds(20))
                    .until(() -> clients.stream().allMatch(client -> client.pings().size() >= 3 || client.isClosed()));
            for (PlainSocketClient client : clients) {
                assertThat(client.pings()).allMatch("attendance"::equals);
                assertThat(client.awaitClosed(0)).as("still open").isNull();
            }
        }
        finally {
            clients.forEach(PlainSocketClient::close);
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsClosed() throws Exception {
        withOneStalled((silent, answering, closedBefore) -> {
            // Pings every second; closed after two seconds without an answer. The server counts the close
            // at once, while the stalled client has not read it yet.
            Awaitility.await("the server closes the silent peer").atMost(Duration.ofSeconds(15)).until(() ->
                    closedByServer(1008) >= closedBefore + 1);
            silent.resume(); // reads what came meanwhile: the pings, then the close
            PlainSocketClient.Closed closed = silent.awaitClosed(5);
            assertThat(answering.awaitClosed(0)).isNull();
            checkIn(6);
            assertThat(answering.next(10)).contains("\"seq\":2");
            assertThat(closed).as("closed by the server").isNotNull();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("pings not answered");
        });
    }

    @Test
    void aReaderThatStopsReadingIsCutOffWhileTheOthersAreServedInOrder() throws Exception {
        withOneStalled((stalled, calm, closedBefore) -> {
            String filler = "x".repeat(16 * 1024);
            int messages = 400; // 6.4 MB: past what the socket buffers hold, so the stalled reader's writes block
            for (int i = 0; i < messages; i++) {
                messaging.convertAndSend("/topic/attendance/" + classId, "{\"n\":" + i + ",\"filler\":\"" + filler + "\"}");
            }
            for (int i = 0; i < messages; i++) {
                String message = calm.next(10);
                assertThat(message).as("message " + i).startsWith("{\"n\":" + i + ",");
            }
            // Its write blocks past the send time limit (2 s here): the server closes it, with 1008 where
            // the close frame still gets through, else by dropping the connection (the client sees 1006,
            // or an I/O error: -1).
            Awaitility.await("the stalled session is closed").atMost(Duration.ofSeconds(15)).until(() ->
                    closedByServer(1008) == closedBefore + 1);
            stalled.resume();
            // The close frame waits behind the write that was stuck; if that write gives up first, Tomcat
            // ends the connection when its own timeouts run out (20 s for a blocked send, then 30 s for the
            // close handshake): the end reaches the client within them, in every case.
            PlainSocketClient.Closed closed = stalled.awaitClosed(60);
            assertThat(closed).as("the stalled reader's connection ended, after %d messages read",
                    stalled.received().size()).isNotNull();
            assertThat(closed.code()).isIn(1008, 1006, -1);
            assertThat(stalled.received().size()).isLessThan(messages);
            assertThat(calm.awaitClosed(0)).as("the calm reader stays").isNull();
        });
    }

    /** What a test does with two teachers on the route, the first stalled, and the server's 1008 closes before the stall. */
    @FunctionalInterface
    private interface WithOneStalled {

        void run(PlainSocketClient stalled, PlainSocketClient other, double closedBefore) throws Exception;
    }

    private void withOneStalled(WithOneStalled test) throws Exception {
        try (PlainSocketClient stalled = teacherOnTheRoute();
                PlainSocketClient other = teacherOnTheRoute()) {
            double closedBefore = closedByServer(1008);
            stalled.stall();
            test.run(stalled, other, closedBefore);
        }
    }

    private void assertRefreshCloses(String token, int code, String reason) {
        try (PlainSocketClient plain = teacherOnTheRoute()) {
            plain.send("{\"type\":\"token\",\"token\":\"" + token + "\"}");
            PlainSocketClient.Closed closed = plain.awaitClosed(10);
            assertThat(closed.code()).as(reason).isEqualTo(code);
            assertThat(closed.reason()).isEqualTo(reason);
        }
    }

    /**
     * The teacher's session on the plain route of the test's class, once it has answered a ping: the
     * client sees the handshake's answer before the server has opened the session and watches the
     * class, so what is sent in between would not reach it.
     */
    private PlainSocketClient teacherOnTheRoute() {
        PlainSocketClient client = PlainSocketClient.open(port, "/ws/attendance/" + classId, teacher);
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next(10)).as("the answer to a ping").isEqualTo("{\"type\":\"pong\"}");
        return client;
    }

    /** Plain sessions the server has closed with {@code code}, so far. */
    private double closedByServer(int code) {
        return meters.get("attendance.plain.sessions.closed").tag("code", String.valueOf(code)).functionCounter().count();
    }

    private int status(String pathAndQuery, String authorization) {
        return PlainSocketClient.handshakeStatus(port, pathAndQuery, authorization);
    }

    private void checkIn(int student) {
        assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_" + student, kiosk).statusCode()).isEqualTo(201);
    }

    private String ticket(String bearer) {
        HttpResponse<String> issued = post("/api/ws-tickets", bearer, "");
        assertThat(issued.statusCode()).isEqualTo(201);
        return ticketOf(issued);
    }

    private static String ticketOf(HttpResponse<String> issued) {
        Matcher ticket = TICKET.matcher(issued.body());
        assertThat(ticket.find()).as(issued.body()).isTrue();
        return ticket.group(1);
    }

    private HttpResponse<String> post(String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.build());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static List<Long> seqs(PlainSocketClient client, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String message = client.next(10);
            if (message == null) {
                break;
            }
            bodies.add(message);
        }
        return ClassroomCalls.seqs(bodies);
    }
}
