package com.attendancelive.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * How tests sign in as a demo user (password "demo"). The one place that knows how credentials
 * reach REST and STOMP: a token from {@code POST /api/auth/token}, sent as
 * {@code Authorization: Bearer <token>} on REST calls and in the STOMP CONNECT frame.
 */
public final class TestLogin {

    public static final String DEMO_PASSWORD = "demo";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private TestLogin() {
    }

    /** CONNECT headers for a STOMP session of the given demo user. */
    public static StompHeaders connectHeaders(int port, String username) {
        StompHeaders headers = new StompHeaders();
        headers.add("Authorization", bearer(port, username));
        return headers;
    }

    /** The value of an {@code Authorization} header for REST calls as the given demo user. */
    public static String bearer(int port, String username) {
        return "Bearer " + token(port, username);
    }

    /** A fresh access token for the given demo user. */
    public static String token(int port, String username) {
        HttpResponse<String> response = login(port, username, DEMO_PASSWORD);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Login as " + username + " failed: " + response.statusCode() + " " + response.body());
        }
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No access_token in " + response.body());
        }
        return matcher.group(1);
    }

    /** {@code POST /api/auth/token}, whatever the answer. */
    public static HttpResponse<String> login(int port, String username, String password) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
