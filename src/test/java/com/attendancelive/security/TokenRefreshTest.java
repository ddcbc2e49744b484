package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.LiveAppTest;
import com.attendancelive.support.RawStompClient;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Token refresh in the channel (contract version 2): a SEND to {@code /app/session/token} with the
 * same user's new token moves the session's end; another user's token, an invalid or expired one,
 * a body or a foreign header end the session with an ERROR naming the reason.
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.security.jwt-secret=" + Tokens.SECRET)
@ActiveProfiles("test")
class TokenRefreshTest extends LiveAppTest {

    @Test
    void aRefreshedSessionOutlivesItsFirstTokenAndEndsWithTheNewOne() throws Exception {
        Instant connectedAt = Instant.now();
        try (RawStompClient teacher = RawStompClient.connected(port, "Bearer " + Tokens.valid("lovelace", "TEACHER", 3))) {
            teacher.subscribed("/topic/attendance/cs101", "sub-0");
            teacher.frame("SEND", null, "destination", "/app/session/token", "receipt", "refreshed",
                    "Authorization", "Bearer " + Tokens.valid("lovelace", "TEACHER", 12));
            RawStompClient.Frame receipt = teacher.next(10);
            assertThat(receipt.command()).isEqualTo("RECEIPT");
            assertThat(receipt.header("receipt-id")).isEqualTo("refreshed");

            // Past the first token's end (3 s, plus 2 s of clock skew and a 1 s sweep): still served.
            Thread.sleep(8_000);
            String event = "after-the-first-expiry-" + UUID.randomUUID();
            messaging.convertAndSend("/topic/attendance/cs101", event);
            RawStompClient.Frame delivered = teacher.next(5);
            assertThat(delivered.command()).isEqualTo("MESSAGE");
            assertThat(delivered.body()).isEqualTo(event);

            RawStompClient.Frame error = teacher.next(15);
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).startsWith("token expired");
            assertThat(java.time.Duration.between(connectedAt, Instant.now())).isGreaterThan(java.time.Duration.ofSeconds(12));
            assertThat(teacher.awaitClosed(5)).isNotNull();
        }
    }

    @Test
    void anotherUsersTokenEndsTheSession() {
        assertRefreshEndsTheSession("Bearer " + Tokens.valid("turing", "TEACHER", 600),
                "token refresh refused: the token is for another user");
    }

    @Test
    void anInvalidOrExpiredTokenEndsTheSession() {
        assertRefreshEndsTheSession("Bearer " + Tokens.wrongKey("lovelace", "TEACHER"), "invalid token");
        assertRefreshEndsTheSession("Bearer " + Tokens.expired("lovelace", "TEACHER"), "token expired");
        assertRefreshEndsTheSession("Basic bG92ZWxhY2U6ZGVtbw==", "malformed Authorization header: expected 'Bearer <token>'");
    }

    @Test
    void aRefreshWithoutATokenWithABodyOrWithAForeignHeaderEndsTheSession() {
        try (RawStompClient teacher = connected()) {
            teacher.frame("SEND", null, "destination", "/app/session/token");
            assertEnded(teacher, "missing Authorization header: a token refresh needs 'Authorization: Bearer <token>'");
        }
        try (RawStompClient teacher = connected()) {
            teacher.frame("SEND", "Bearer " + Tokens.valid("lovelace", "TEACHER", 600), "destination", "/app/session/token");
            assertEnded(teacher, "a token refresh has no body: the token goes in the Authorization header");
        }
        try (RawStompClient teacher = connected()) {
            teacher.frame("SEND", null, "destination", "/app/session/token", "selector", "1=1",
                    "Authorization", "Bearer " + Tokens.valid("lovelace", "TEACHER", 600));
            assertEnded(teacher, "header 'selector' is not allowed on a token refresh");
        }
    }

    private void assertRefreshEndsTheSession(String authorization, String reason) {
        try (RawStompClient teacher = connected()) {
            teacher.frame("SEND", null, "destination", "/app/session/token", "Authorization", authorization);
            assertEnded(teacher, reason);
        }
    }

    private RawStompClient connected() {
        RawStompClient teacher = RawStompClient.connected(port, "Bearer " + Tokens.valid("lovelace", "TEACHER", 600));
        teacher.subscribed("/topic/attendance/cs101", "sub-0");
        return teacher;
    }

    private void assertEnded(RawStompClient client, String reason) {
        RawStompClient.Frame error = client.next(10);
        assertThat(error).as("an ERROR").isNotNull();
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(error.header("message")).isEqualTo(reason);
        assertThat(client.awaitClosed(10)).as("closed").isNotNull();
        messaging.convertAndSend("/topic/attendance/cs101", "after the refusal");
        assertThat(client.receivedMessage()).as("nothing after the refusal").isFalse();
    }
}
