package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.LiveAppTest;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Per-instance session limit, failed-login limits and allowed origins, with small limits. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "attendance.security.jwt-secret=" + Tokens.SECRET,
        "attendance.security.max-sessions=3",
        "attendance.security.login-limits.per-user=3",
        "attendance.security.login-limits.per-address=6",
        "attendance.security.allowed-origins=http://allowed.example" })
@ActiveProfiles("test")
class LimitsTest extends LiveAppTest {

    @Test
    void pastTheSessionLimitNewConnectionsAreRefusedWith503WhileExistingOnesCarryOn() {
        String admin = "Bearer " + Tokens.valid("admin", "ADMIN", 600);
        List<RawStompClient> open = new ArrayList<>();
        List<PlainSocketClient> plain = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(RawStompClient.connected(port, admin));
            }
            HttpResponse<String> refused = Http.get(port, "/ws");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(handshakeStatus(null)).isEqualTo(503);
            assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101", admin)).as("the plain route").isEqualTo(503);

            RawStompClient first = open.get(0);
            first.subscribed("/topic/attendance/cs101", "sub-0");
            publishAndReceive(first, "cs101", "still-served");

            open.remove(open.size() - 1).close();
            Awaitility.await("a freed slot is usable").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> plain.add(PlainSocketClient.open(port, "/ws/attendance/cs101", admin)));
            assertThat(handshakeStatus(null)).as("plain sessions count in the same limit").isEqualTo(503);
            plain.remove(0).close();
            Awaitility.await("a freed slot is usable").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> {
                        RawStompClient again = RawStompClient.connected(port, admin);
                        open.add(again);
                    });
        }
        finally {
            open.forEach(RawStompClient::close);
            plain.forEach(PlainSocketClient::close);
        }
    }

    @Test
    void aBrowserFromAnOriginNotAllowedCannotOpenTheWebSocket() {
        assertThat(handshakeStatus("http://evil.example")).isEqualTo(403);
        assertThat(handshakeStatus("http://allowed.example")).isEqualTo(101);
        String admin = "Bearer " + Tokens.valid("admin", "ADMIN", 600);
        assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101", admin, "http://evil.example")).isEqualTo(403);
        assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101", admin, "http://allowed.example")).isEqualTo(101);
    }

    /** The HTTP status of a WebSocket handshake to /ws (101 when it opened). */
    private int handshakeStatus(String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            WebSocket socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() { }).join();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            return 101;
        }
        catch (CompletionException ex) {
            Throwable cause = ex.getCause();
            assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) cause).getResponse().statusCode();
        }
    }

    @Test
    void failedLoginsAreLimitedPerUserAndPerAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(TestLogin.login(port, "bob", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = TestLogin.login(port, "bob", "demo");
        assertThat(blocked.statusCode()).as("even the right password, once the user is locked").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(blocked.body()).doesNotContain("access_token");

        assertThat(TestLogin.login(port, "alice", "demo").statusCode()).as("other users are not locked").isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(TestLogin.login(port, "mallory-" + i, "guess").statusCode()).isEqualTo(401);
        }
        assertThat(TestLogin.login(port, "alice", "demo").statusCode()).as("this address is now locked").isEqualTo(429);
    }
}
