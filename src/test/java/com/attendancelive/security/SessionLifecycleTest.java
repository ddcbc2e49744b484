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
            assertThat(teacher.subscribe("/topic/attendance/cs101", "sub-0").command()).isEqualTo("RECEIPT");
            publishAndReceive(teacher, "cs101", "before-expiry");

            RawStompClient.Frame error = teacher.next(15);
            assertThat(error).isNotNull();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("token expired");
            // 4 s of token life, 2 s of clock skew, a 1 s sweep: closed a few seconds after expiry.
            assertThat(Duration.between(connectedAt, Instant.now())).isLessThan(Duration.ofSeconds(12));
            assertThat(teacher.awaitClosed(5)).isNotNull();
        }
    }

    @Test
    void removingATeacherFromAClassEndsTheirSubscriptionAtOnce() {
        String adminBearer = TestLogin.bearer(port, "admin");
        try (RawStompClient teacher = RawStompClient.connected(port, TestLogin.bearer(port, "lovelace"));
                RawStompClient admin = RawStompClient.connected(port, adminBearer)) {
            assertThat(teacher.subscribe("/topic/attendance/cs101", "sub-0").command()).isEqualTo("RECEIPT");
            assertThat(admin.subscribe("/topic/attendance/cs101", "sub-0").command()).isEqualTo("RECEIPT");

            Instant removedAt = Instant.now();
            assertThat(call("DELETE", "/api/classes/cs101/teachers/lovelace", adminBearer)).isEqualTo(204);

            RawStompClient.Frame error = teacher.next(10);
            assertThat(error).isNotNull();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).contains("access to class cs101 ended");
            assertThat(Duration.between(removedAt, Instant.now())).isLessThan(Duration.ofSeconds(3));
            assertThat(teacher.awaitClosed(5)).isNotNull();

            publishAndReceive(admin, "cs101", "after-removal");
            assertThat(teacher.receivedMessage()).isFalse();

            try (RawStompClient again = RawStompClient.connected(port, TestLogin.bearer(port, "lovelace"))) {
                RawStompClient.Frame refused = again.subscribe("/topic/attendance/cs101", "sub-0");
                assertThat(refused.command()).isEqualTo("ERROR");
                assertThat(refused.header("message")).contains("access denied");
            }
        }
        finally {
            assertThat(call("PUT", "/api/classes/cs101/teachers/lovelace", adminBearer)).isEqualTo(204);
        }
        try (RawStompClient restored = RawStompClient.connected(port, TestLogin.bearer(port, "lovelace"))) {
            assertThat(restored.subscribe("/topic/attendance/cs101", "sub-0").command()).isEqualTo("RECEIPT");
        }
    }

    @Test
    void aRemovalMadeElsewhereEndsTheSubscriptionWithinTheRecheckInterval() {
        try (RawStompClient teacher = RawStompClient.connected(port, TestLogin.bearer(port, "turing"))) {
            assertThat(teacher.subscribe("/topic/attendance/math201", "sub-0").command()).isEqualTo("RECEIPT");

            // Another instance (or an operator) changes the database: no event reaches this instance.
            Instant removedAt = Instant.now();
            jdbc.sql("delete from teaching_assignment where class_id = 'math201' and teacher = 'turing'").update();

            RawStompClient.Frame error = teacher.next(15);
            assertThat(error).isNotNull();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).contains("access to class math201 ended");
            assertThat(Duration.between(removedAt, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(teacher.awaitClosed(5)).isNotNull();
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

    private int call(String method, String path, String bearer) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", bearer).build()).statusCode();
    }
}
