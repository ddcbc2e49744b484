package com.attendancelive.security;

import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.UserAccount;
import com.attendancelive.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/refresh} (beyond the contract): a valid bearer token in, a new token for the
 * same user out, in the shape of {@code POST /api/auth/token}, so a browser renews its sign-in
 * without the password. The bearer authentication has already checked the token (signature, issuer,
 * expiry, user name: the same decoder as every REST call and STOMP CONNECT); here the user must
 * still exist with the role the token names, and the password sign-in the token descends from must
 * be younger than {@code attendance.security.token-refresh.max-sign-in-age}, which also caps the
 * new token's expiry.
 */
@RestController
class TokenRefreshController {

    private final ClassDirectory directory;
    private final TokenIssuer issuer;

    TokenRefreshController(ClassDirectory directory, TokenIssuer issuer) {
        this.directory = directory;
        this.issuer = issuer;
    }

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
        return TokenController.TokenResponse.of(renewed.get());
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
