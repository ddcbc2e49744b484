package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.LiveAppTest;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.ActiveProfiles;

/** POST /api/auth/token, bearer tokens on REST, and the token in the STOMP CONNECT frame. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.security.jwt-secret=" + Tokens.SECRET)
@ActiveProfiles("test")
class AuthenticationTest extends LiveAppTest {

    @Autowired
    JwtDecoder decoder;

    @Test
    void aDemoUserGetsABearerTokenNamingThemAndTheirRole() {
        HttpResponse<String> response = TestLogin.login(port, "lovelace", "demo");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"token_type\":\"Bearer\"").contains("\"expires_in\":900");
        Jwt jwt = decoder.decode(TestLogin.token(port, "lovelace"));
        assertThat(jwt.getSubject()).isEqualTo("lovelace");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("TEACHER");
        assertThat(jwt.getExpiresAt()).isAfter(jwt.getIssuedAt());
    }

    @Test
    void wrongCredentialsAnswer401ProblemJson() {
        HttpResponse<String> wrongPassword = TestLogin.login(port, "bob", "not-demo");
        HttpResponse<String> unknownUser = TestLogin.login(port, "nobody", "demo");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(wrongPassword.body()).doesNotContain("access_token");
        assertThat(unknownUser.statusCode()).isEqualTo(401);
    }

    @Test
    void restWithoutOrWithABadTokenAnswers401ProblemJson() {
        HttpResponse<String> none = get("/api/me/attendance", null);
        HttpResponse<String> forged = get("/api/me/attendance", "Bearer " + Tokens.wrongKey("admin", "ADMIN"));
        HttpResponse<String> unsigned = get("/api/me/attendance", "Bearer " + Tokens.algNone("admin", "ADMIN"));
        HttpResponse<String> expired = get("/api/me/attendance", "Bearer " + Tokens.expired("admin", "ADMIN"));

        for (HttpResponse<String> response : new HttpResponse[] {none, forged, unsigned, expired}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":401");
        }
    }

    @Test
    void aValidTokenPassesAuthenticationOnRest() {
        // Whatever the endpoint answers once authenticated, it is not 401.
        HttpResponse<String> response = get("/api/me/attendance", TestLogin.bearer(port, "alice"));
        assertThat(response.statusCode()).isNotEqualTo(401);
    }

    @Test
    void teacherAssignmentIsForAdminsOnly() {
        HttpResponse<String> asTeacher = send("PUT", "/api/classes/math201/teachers/lovelace", TestLogin.bearer(port, "lovelace"));
        HttpResponse<String> anonymous = send("PUT", "/api/classes/math201/teachers/lovelace", null);

        assertThat(asTeacher.statusCode()).isEqualTo(403);
        assertThat(asTeacher.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aStompSessionWithATokenFromTheEndpointReceivesItsClassEvents() throws Exception {
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection teacher = client.connect(port, TestLogin.connectHeaders(port, "lovelace"))) {
            BlockingQueue<String> events = teacher.subscribe("/topic/attendance/cs101");
            messaging.convertAndSend("/topic/attendance/cs101", "event for cs101");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("event for cs101");
        }
    }

    @Test
    void connectWithoutAValidTokenGetsAnErrorFrameAndTheConnectionCloses() {
        String[][] cases = {
                {null, "missing Authorization header"},
                {"Basic YWRtaW46ZGVtbw==", "malformed Authorization header"},
                {"Bearer ", "malformed Authorization header"},
                {"Bearer not.a.jwt", "invalid token"},
                {"Bearer " + Tokens.wrongKey("admin", "ADMIN"), "invalid token"},
                {"Bearer " + Tokens.algNone("admin", "ADMIN"), "invalid token"},
                {"Bearer " + Tokens.expired("admin", "ADMIN"), "token expired"},
        };
        for (String[] attempt : cases) {
            try (RawStompClient client = RawStompClient.connect(port, attempt[0])) {
                RawStompClient.Frame frame = client.next(10);
                assertThat(frame).as("answer to CONNECT with %s", attempt[0]).isNotNull();
                assertThat(frame.command()).isEqualTo("ERROR");
                assertThat(frame.header("message")).contains(attempt[1]);
                if (attempt[0] != null && attempt[0].length() > 12) {
                    assertThat(frame.header("message") + frame.body()).doesNotContain(attempt[0].substring(7));
                }
                assertThat(client.awaitClosed(10)).as("connection closed after ERROR").isNotNull();
            }
        }
    }

    private HttpResponse<String> get(String path, String authorization) {
        return send("GET", path, authorization);
    }

    private HttpResponse<String> send(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request.build());
    }
}
