package com.attendancelive.security;

import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.UserAccount;
import com.attendancelive.limits.LimitStoreUnavailableException;
import com.attendancelive.shared.Protocol;
import com.attendancelive.system.Problems;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/auth/token}: a user name and password in, a bearer token out. */
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
}
