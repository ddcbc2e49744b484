package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.PlainSocketClient;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.TestLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** With Spring's STOMP, WebSocket and relay logging at TRACE, no CONNECT frame's token reaches the log. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "attendance.security.jwt-secret=" + Tokens.SECRET,
        "logging.level.org.springframework.web=TRACE",
        "logging.level.org.springframework.messaging=TRACE",
        "logging.level.org.springframework.security=TRACE",
        "logging.level.com.attendancelive=TRACE" })
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class CredentialLoggingTest {

    @LocalServerPort
    int port;

    @Test
    void tokensInConnectFramesAreNeverLogged(CapturedOutput output) {
        Http.awaitReady(port);
        String good = TestLogin.token(port, "lovelace");
        String forged = Tokens.wrongKey("admin", "ADMIN");
        String expired = Tokens.expired("admin", "ADMIN");
        try (RawStompClient accepted = RawStompClient.connected(port, "Bearer " + good)) {
            accepted.subscribed("/topic/attendance/cs101", "sub-0");
        }
        for (String token : new String[] {forged, expired}) {
            try (RawStompClient refused = RawStompClient.connect(port, "Bearer " + token)) {
                assertThat(refused.next(10).command()).isEqualTo("ERROR");
            }
        }
        assertThat(output.getAll()).contains("CONNECT"); // TRACE logging of frames was on
        for (String token : new String[] {good, forged, expired}) {
            // The signature part alone is unique to the token.
            assertThat(output.getAll()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    @Test
    void aTokenInAPlainRouteUrlIsRefusedBeforeAnythingLogsIt(CapturedOutput output) {
        Http.awaitReady(port);
        String token = TestLogin.token(port, "lovelace");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        for (String query : new String[] {"?access_token=", "?afterSeq=1&token=", "?ticket=x&Access_Token=", "?id_token="}) {
            assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101" + query + token, null)).as(query).isEqualTo(400);
        }
        assertThat(PlainSocketClient.handshakeStatus(port, "/ws/attendance/cs101", "Bearer " + token)).isEqualTo(101);
        assertThat(output.getAll()).contains("/ws/attendance/cs101"); // request logging was on
        assertThat(output.getAll()).doesNotContain(signature);
    }
}
