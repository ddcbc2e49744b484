package com.attendancelive.security;

import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.UserAccount;
import com.attendancelive.limits.LimitStoreUnavailableException;
import com.attendancelive.shared.Protocol;
import com.attendancelive.system.Problems;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/token}: a user name and password in, a bearer token out; and
 * {@code POST /api/auth/refresh}: a valid bearer token in, a new one for the same user out.
 */
@RestController
class TokenController {

    /** Retry-After of the 503 a login gets while the attempt counters are unavailable. */
    static final long LIMITS_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    /** Compared against when the user does not exist, so a missing user costs as much time as a wrong password. */
    private final String unknownUserHash;

    private final ClassDirectory directory;
    private final PasswordEncoder passwords;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;

    TokenController(ClassDirectory directory, PasswordEncoder passwords, TokenIssuer issuer, LoginThrottle throttle) {
        this.directory = directory;
        this.passwords = passwords;
        this.issuer = issuer;
        this.throttle = throttle;
        this.unknownUserHash = passwords.encode("no such user");
    }

    record Credentials(String username, String password) {
    }

    /** The answer of {@code POST /api/auth/token} and {@code POST /api/auth/refresh}. */
    record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn) {

        static ResponseEntity<TokenResponse> of(TokenIssuer.IssuedToken token) {
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
        }

        /** Spring MVC logs the body it writes at TRACE; the token stays out of it. */
        @Override
        public String toString() {
            return "TokenResponse[access_token=(hidden), token_type=" + tokenType + ", expires_in=" + expiresIn + "]";
        }
    }

    @PostMapping(path = "/api/auth/token")
    ResponseEntity<?> token(@RequestBody(required = false) Credentials credentials, HttpServletRequest request) {
        if (!issuer.canIssue()) {
            return Problems.entity(HttpStatus.NOT_FOUND, "Tokens are issued by the configured external issuer");
        }
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            return Problems.entity(HttpStatus.BAD_REQUEST, "Send JSON {\"username\": \"...\", \"password\": \"...\"}");
        }
        String username = credentials.username();
        if (!Protocol.IDENTIFIER.matcher(username).matches() || credentials.password().length() > 200) {
            return Problems.entity(HttpStatus.UNAUTHORIZED, "Wrong user name or password");
        }
        String address = request.getRemoteAddr();
        Optional<Duration> blocked;
        try {
            blocked = throttle.tryAttempt(username, address);
        }
        catch (LimitStoreUnavailableException unavailable) {
            // Fails closed: without the counters nothing would stop guessing (docs/security.md).
            return Problems.retryLater(HttpStatus.SERVICE_UNAVAILABLE, LIMITS_UNAVAILABLE_RETRY_AFTER_SECONDS,
                    "Sign-in is unavailable for a moment; try again in " + LIMITS_UNAVAILABLE_RETRY_AFTER_SECONDS + " s");
        }
        if (blocked.isPresent()) {
            long seconds = Math.max(1, blocked.get().toSeconds() + 1);
            return Problems.retryLater(HttpStatus.TOO_MANY_REQUESTS, seconds, "Too many failed logins; try again in " + seconds + " s");
        }
        Optional<UserAccount> user = directory.findUser(username);
        boolean matches = passwords.matches(credentials.password(), user.map(UserAccount::passwordHash).orElse(unknownUserHash));
        if (user.isEmpty() || !matches) {
            // Already counted by tryAttempt.
            return Problems.entity(HttpStatus.UNAUTHORIZED, "Wrong user name or password");
        }
        throttle.succeeded(username, address);
        return TokenResponse.of(issuer.issue(user.get()));
    }

    /**
     * {@code POST /api/auth/refresh} (beyond the contract): a valid bearer token in, a new token for the
     * same user out, in the shape of {@code POST /api/auth/token}, so a browser renews its sign-in
     * without the password. The bearer authentication has already checked the token (signature, issuer,
     * expiry, user name: the same decoder as every REST call and STOMP CONNECT); here the user must
     * still exist with the role the token names, and the password sign-in the token descends from must
     * be younger than {@code attendance.security.token-refresh.max-sign-in-age}, which also caps the
     * new token's expiry.
     */
    @PostMapping(path = "/api/auth/refresh")
    ResponseEntity<?> refresh(JwtAuthenticationToken authentication, @RequestBody(required = false) String body,
            HttpServletRequest request) {
        if (!issuer.canIssue()) {
            return Problems.entity(HttpStatus.NOT_FOUND, "Tokens are issued by the configured external issuer");
        }
        if (request.getQueryString() != null || (body != null && !body.isEmpty())) {
            return Problems.entity(HttpStatus.BAD_REQUEST,
                    "POST /api/auth/refresh takes no body and no query: the token goes in the Authorization header");
        }
        Optional<UserAccount> user = directory.findUser(authentication.getName());
        if (user.isEmpty() || !roles(authentication).equals(Set.of("ROLE_" + user.get().role().name()))) {
            return refused("The user of this token no longer exists or has another role: sign in again");
        }
        Optional<TokenIssuer.IssuedToken> renewed = issuer.renew(user.get(), signedInAt(authentication.getToken()));
        if (renewed.isEmpty()) {
            return refused("This sign-in is too old to renew: sign in again with the password");
        }
        // The same JSON as POST /api/auth/token answers.
        return TokenResponse.of(renewed.get());
    }

    /** The token's roles; other authorities (Spring Security's factor authorities) are not roles. */
    private static Set<String> roles(JwtAuthenticationToken authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).collect(Collectors.toSet());
    }

    /** The sign-in time the token carries; a token without one counts from its issue (or, lacking that, as too old). */
    private static Instant signedInAt(Jwt jwt) {
        if (jwt.getClaims().get(TokenIssuer.SIGNED_IN_AT) instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return jwt.getIssuedAt() != null ? jwt.getIssuedAt() : Instant.EPOCH;
    }

    private static ResponseEntity<ProblemDetail> refused(String detail) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail));
    }
}
