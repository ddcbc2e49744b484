package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.LiveAppTest;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Access that ends ends the session: token expiry, and a teacher removed from the class (here or on another instance). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.security.jwt-secret=" + Tokens.SECRET)
@ActiveProfiles("test")
class SessionLifecycleTest extends LiveAppTest {

    @Test
    void aSessionThatOnlyReceivesIsClosedWhenItsTokenExpires() {
        Instant connectedAt = Instant.now();
        try (RawStompClient teacher = RawStompClient.connected(port, "Bearer " + Tokens.valid("lovelace", "TEACHER", 4))) {
            teacher.subscribed("/topic/attendance/cs101", "sub-0");
            publishAndReceive(teacher, "cs101", "before-expiry");

            // 4 s of token life, 2 s of clock skew, a 1 s sweep: closed a few seconds after expiry.
            assertThat(endedWithError(teacher, 15, connectedAt, Duration.ofSeconds(12))).isEqualTo("token expired");
        }
    }

    @Test
    void removingATeacherFromAClassEndsTheirSubscriptionAtOnce() {
        String adminBearer = TestLogin.bearer(port, "admin");
        try (RawStompClient teacher = RawStompClient.connectedAs(port, "lovelace");
                RawStompClient admin = RawStompClient.connected(port, adminBearer)) {
            teacher.subscribed("/topic/attendance/cs101", "sub-0");
            admin.subscribed("/topic/attendance/cs101", "sub-0");

            Instant removedAt = Instant.now();
            assertThat(call("DELETE", "/api/classes/cs101/teachers/lovelace", adminBearer)).isEqualTo(204);

            assertThat(endedWithError(teacher, 10, removedAt, Duration.ofSeconds(3))).contains("access to class cs101 ended");

            publishAndReceive(admin, "cs101", "after-removal");
            assertThat(teacher.receivedMessage()).isFalse();

            try (RawStompClient again = RawStompClient.connectedAs(port, "lovelace")) {
                RawStompClient.Frame refused = again.subscribe("/topic/attendance/cs101", "sub-0");
                assertThat(refused.command()).isEqualTo("ERROR");
                assertThat(refused.header("message")).contains("access denied");
            }
        }
        finally {
            assertThat(call("PUT", "/api/classes/cs101/teachers/lovelace", adminBearer)).isEqualTo(204);
        }
        try (RawStompClient restored = RawStompClient.connectedAs(port, "lovelace")) {
            restored.subscribed("/topic/attendance/cs101", "sub-0");
        }
    }

    @Test
    void aRemovalMadeElsewhereEndsTheSubscriptionWithinTheRecheckInterval() {
        try (RawStompClient teacher = RawStompClient.connectedAs(port, "turing")) {
            teacher.subscribed("/topic/attendance/math201", "sub-0");

            // Another instance (or an operator) changes the database: no event reaches this instance.
            Instant removedAt = Instant.now();
            jdbc.sql("delete from teaching_assignment where class_id = 'math201' and teacher = 'turing'").update();

            assertThat(endedWithError(teacher, 15, removedAt, Duration.ofSeconds(10))).contains("access to class math201 ended");
        }
        finally {
            jdbc.sql("insert into teaching_assignment (class_id, teacher) values ('math201', 'turing')").update();
        }
    }

    @Test
    void assigningValidatesItsInput() {
        String adminBearer = TestLogin.bearer(port, "admin");
        assertThat(call("PUT", "/api/classes/no-such-class/teachers/lovelace", adminBearer)).isEqualTo(404);
        assertThat(call("PUT", "/api/classes/cs101/teachers/nobody", adminBearer)).isEqualTo(404);
        assertThat(call("PUT", "/api/classes/cs101/teachers/alice", adminBearer)).isEqualTo(422);
        assertThat(call("PUT", "/api/classes/cs101/teachers/lovelace", adminBearer)).isEqualTo(204);
    }

    /**
     * The session's next frame, within {@code waitSeconds}, is an ERROR sent less than {@code within}
     * after {@code since}, and the session is closed after it: the ERROR's message.
     */
    private static String endedWithError(RawStompClient session, int waitSeconds, Instant since, Duration within) {
        RawStompClient.Frame error = session.next(waitSeconds);
        assertThat(error).isNotNull();
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(Duration.between(since, Instant.now())).isLessThan(within);
        assertThat(session.awaitClosed(5)).isNotNull();
        return error.header("message");
    }

    private int call(String method, String path, String bearer) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", bearer).build()).statusCode();
    }
}
