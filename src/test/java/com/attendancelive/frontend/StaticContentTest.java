package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The sample client is served by the app, without a token, and opens nothing else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StaticContentTest {

    @LocalServerPort
    int port;

    @Test
    void theRootShowsTheClientWithoutSigningIn() {
        HttpResponse<String> root = Http.get(port, "/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("<title>Attendance Live</title>").contains("/assets/app.js");
        assertThat(Http.get(port, "/index.html").body()).isEqualTo(root.body());
    }

    @Test
    void theModulesAndTheVendoredStompClientAreServed() {
        for (String path : new String[] { "/assets/app.js", "/assets/api.js", "/assets/live.js", "/assets/views/teacher.js",
                "/assets/vendor/stompjs/index.js", "/assets/vendor/qrcode-generator/qrcode.js", "/assets/app.css" }) {
            HttpResponse<String> response = Http.get(port, path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
        // Module scripts need a JavaScript MIME type.
        for (String module : new String[] { "/assets/app.js", "/assets/vendor/qrcode-generator/qrcode.js" }) {
            assertThat(Http.get(port, module).headers().firstValue("Content-Type")).as(module).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/javascript"));
        }
    }

    @Test
    void thePageMayLoadScriptsAndConnectOnlyToItsOwnOrigin() {
        HttpResponse<String> root = Http.get(port, "/");
        assertThat(root.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").contains("connect-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(root.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void everythingElseStillNeedsAToken() {
        assertThat(Http.status(port, "/api/classes")).isEqualTo(401);
        assertThat(Http.status(port, "/actuator/metrics")).isIn(401, 403);
        assertThat(Http.status(port, "/assets/../api/classes")).isIn(400, 401, 403);
        // Only reading is public on the static paths.
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        assertThat(Http.send(post).statusCode()).isIn(401, 403);
    }
}
