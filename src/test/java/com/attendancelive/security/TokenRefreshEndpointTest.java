package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.TestLogin;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code POST /api/auth/refresh} over real HTTP: a valid token is renewed for the same user and the
 * same sign-in; expired, forged, unsigned, garbage and missing tokens, a user who is gone or has
 * another role, a sign-in past its maximum age, and a body or a query are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "attendance.security.jwt-secret=" + Tokens.SECRET, "attendance.security.token-refresh.max-sign-in-age=1h" })
@ActiveProfiles("test")
class TokenRefreshEndpointTest {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\":(\\d+)");

    @LocalServerPort
    int port;

    @Autowired
    JwtDecoder decoder;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void awaitReady() {
        Http.awaitReady(port);
    }

    @Test
    void aValidTokenIsRenewedForTheSameUserAndSignInInTheShapeOfTheSignIn() throws InterruptedException {
        String first = TestLogin.token(port, "lovelace");
        Jwt firstJwt = decoder.decode(first);
        Thread.sleep(1_100); // expiry is in whole seconds: a renewal a second later ends a second later

        HttpResponse<String> response = refresh("Bearer " + first);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).contains("\"token_type\":\"Bearer\"").contains("\"expires_in\":900");
        String renewed = group(ACCESS_TOKEN, response.body());
        Jwt renewedJwt = decoder.decode(renewed);
        assertThat(renewedJwt.getSubject()).isEqualTo("lovelace");
        assertThat(renewedJwt.getClaimAsStringList("roles")).containsExactly("TEACHER");
        assertThat(renewedJwt.<Object>getClaim("auth_time")).isEqualTo(firstJwt.getClaim("auth_time"));
        assertThat(renewedJwt.getExpiresAt()).isAfter(firstJwt.getExpiresAt());
        // The renewed token is an ordinary bearer token, and may itself be renewed.
        assertThat(get("/api/classes", "Bearer " + renewed).statusCode()).isEqualTo(200);
        assertThat(refresh("Bearer " + renewed).statusCode()).isEqualTo(200);
    }

    @Test
    void missingExpiredForgedUnsignedAndGarbageTokensAreRefused() {
        String[] credentials = { null, "Bearer " + Tokens.expired("lovelace", "TEACHER"),
                "Bearer " + Tokens.wrongKey("lovelace", "TEACHER"), "Bearer " + Tokens.algNone("admin", "ADMIN"),
                "Bearer not.a.jwt", "Bearer ", "Basic bG92ZWxhY2U6ZGVtbw==", "garbage" };
        for (String credential : credentials) {
            assertRefused(refresh(credential), 401, credential);
        }
    }

    @Test
    void aTokenOfAUserWhoIsGoneOrWhoseRoleChangedIsRefused() {
        String username = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("insert into app_user (username, password_hash, role, display_name) values (?, ?, 'TEACHER', 'Leaver')")
                .params(username, "{noop}secret-password").update();
        String token = group(ACCESS_TOKEN, TestLogin.login(port, username, "secret-password").body());
        assertThat(refresh("Bearer " + token).statusCode()).isEqualTo(200);

        jdbc.sql("delete from app_user where username = ?").param(username).update();

        assertRefused(refresh("Bearer " + token), 401, "the token of a removed user");
        // Signed with the application's key, but naming a role the user does not have.
        assertRefused(refresh("Bearer " + signed("alice", "ADMIN", Instant.now(), Instant.now().plusSeconds(600))), 401,
                "a student's token claiming ADMIN");
        assertRefused(refresh("Bearer " + signed("nobody", "TEACHER", Instant.now(), Instant.now().plusSeconds(600))), 401,
                "a user who never existed");
    }

    @Test
    void aSignInPastItsMaximumAgeIsRefusedAndOneNearItGetsATokenEndingThere() {
        Instant now = Instant.now();
        String tooOld = signed("lovelace", "TEACHER", now.minus(Duration.ofMinutes(61)), now.plusSeconds(600));
        assertRefused(refresh("Bearer " + tooOld), 401, "a sign-in older than max-sign-in-age");
        String fromTheFuture = signed("lovelace", "TEACHER", now.plus(Duration.ofMinutes(10)), now.plusSeconds(600));
        assertRefused(refresh("Bearer " + fromTheFuture), 401, "a sign-in in the future");

        Instant signedInAt = now.minus(Duration.ofMinutes(55));
        HttpResponse<String> nearTheEnd = refresh("Bearer " + signed("lovelace", "TEACHER", signedInAt, now.plusSeconds(600)));

        assertThat(nearTheEnd.statusCode()).isEqualTo(200);
        long expiresIn = Long.parseLong(group(EXPIRES_IN, nearTheEnd.body()));
        assertThat(expiresIn).isBetween(290L, 300L);
        Jwt renewed = decoder.decode(group(ACCESS_TOKEN, nearTheEnd.body()));
        assertThat(renewed.getExpiresAt()).isBeforeOrEqualTo(signedInAt.plus(Duration.ofHours(1)));
    }

    @Test
    void aBodyOrAQueryIsRefusedWith400() {
        String bearer = TestLogin.bearer(port, "lovelace");
        HttpResponse<String> withBody = Http.send(request("/api/auth/refresh", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\"}")).build());
        HttpResponse<String> withQuery = Http.send(request("/api/auth/refresh?user=admin", bearer)
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertRefused(withBody, 400, "a body");
        assertRefused(withQuery, 400, "a query");
    }

    @Test
    void onlyPostRenews() {
        HttpResponse<String> asGet = get("/api/auth/refresh", TestLogin.bearer(port, "lovelace"));
        assertThat(asGet.statusCode()).isIn(404, 405);
        assertThat(asGet.body()).doesNotContain("access_token");
    }

    private void assertRefused(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as(what).contains("\"status\":" + status).doesNotContain("access_token");
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
    }

    /** A token signed with the application's key, as if issued for a sign-in at {@code signedInAt}. */
    private static String signed(String user, String role, Instant signedInAt, Instant expiresAt) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(
                new ImmutableSecret<>(new SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(Tokens.ISSUER).subject(user)
                .issuedAt(Instant.now()).expiresAt(expiresAt).claim("auth_time", signedInAt.getEpochSecond())
                .claim("roles", List.of(role)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private HttpResponse<String> refresh(String authorization) {
        return Http.send(request("/api/auth/refresh", authorization).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> get(String path, String authorization) {
        return Http.send(request(path, authorization).GET().build());
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).as("%s in %s", pattern, body).isTrue();
        return matcher.group(1);
    }
}
