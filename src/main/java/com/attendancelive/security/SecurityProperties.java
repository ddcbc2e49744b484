package com.attendancelive.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.security.*}: token signing and lifetime, the trusted external issuer (if any),
 * allowed browser origins and the limits that protect an instance.
 *
 * @param jwtSecret HS256 key shared by every instance (at least 32 bytes); generated per process when unset outside {@code prod}
 * @param tokenTtl lifetime of the tokens {@code POST /api/auth/token} issues
 * @param clockSkew tolerance when checking a token's {@code exp}/{@code nbf} (also used by the expiry sweep)
 * @param issuer the {@code iss} claim of tokens this application issues (and requires, unless an external issuer is trusted)
 * @param issuerUri trust an external OpenID issuer instead of our own key (its JWK set is discovered)
 * @param jwkSetUri trust tokens signed by the keys at this JWK set URI instead of our own key
 * @param usernameClaim the claim holding the user name
 * @param rolesClaim the claim holding the roles (ADMIN, TEACHER, STUDENT, SERVICE; a list or a space-separated string)
 * @param allowedOrigins browser origins (patterns) allowed to open the WebSocket; empty = same origin only
 * @param maxSessions concurrent WebSocket sessions per instance; more are refused at the handshake with 503
 * @param maxSessionsPerUser concurrent authenticated sessions of one user per instance (STOMP and plain
 *                           route together); one more is refused at CONNECT (ERROR) or at the plain
 *                           route's handshake (429)
 * @param maxFrameSize largest inbound STOMP frame
 * @param sendBufferSizeLimit outbound bytes buffered for a slow client before it is disconnected
 * @param sendTimeLimit longest a single send to a client may take before it is disconnected
 * @param timeToFirstMessage a WebSocket whose CONNECT is not accepted within this time is closed (1008)
 * @param maxFramesPerSecond STOMP frames (heart-beats aside) a session may send per second; one more
 *                           gets an ERROR and the session is closed, so a flooding client cannot fill
 *                           the inbound queue that every session shares
 * @param sessionSweepInterval how often sessions are checked for expired tokens
 * @param accessRecheckInterval how often live class subscriptions are re-checked against the database
 * @param accessCacheTtl how long a granted class access is cached for SUBSCRIBE decisions
 * @param loginLimits failed-login limits (deployment-wide, unlike the per-instance limits above)
 */
@Validated
@ConfigurationProperties("attendance.security")
public record SecurityProperties(
        String jwtSecret,
        @NotNull @DefaultValue("15m") Duration tokenTtl,
        @NotNull @DefaultValue("2s") Duration clockSkew,
        @NotBlank @DefaultValue("attendance-live") String issuer,
        String issuerUri,
        String jwkSetUri,
        @NotBlank @DefaultValue("sub") String usernameClaim,
        @NotBlank @DefaultValue("roles") String rolesClaim,
        List<String> allowedOrigins,
        @Min(1) @DefaultValue("18000") int maxSessions,
        @Min(1) @DefaultValue("50") int maxSessionsPerUser,
        @NotNull @DefaultValue("16KB") DataSize maxFrameSize,
        @NotNull @DefaultValue("512KB") DataSize sendBufferSizeLimit,
        @NotNull @DefaultValue("10s") Duration sendTimeLimit,
        @NotNull @DefaultValue("10s") Duration timeToFirstMessage,
        @Min(1) @DefaultValue("50") int maxFramesPerSecond,
        @NotNull @DefaultValue("1s") Duration sessionSweepInterval,
        @NotNull @DefaultValue("5s") Duration accessRecheckInterval,
        @NotNull @DefaultValue("5s") Duration accessCacheTtl,
        @Valid @NotNull @DefaultValue LoginLimits loginLimits) {

    /** The smallest HS256 key: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    public SecurityProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        if (jwtSecret != null && jwtSecret.isBlank()) {
            jwtSecret = null;
        }
        if (jwtSecret != null && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("attendance.security.jwt-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (HS256); generate one with: openssl rand -base64 48");
        }
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("attendance.security.token-ttl must be positive");
        }
    }

    /** True when tokens come from an external issuer instead of this application's key. */
    public boolean trustsExternalIssuer() {
        return hasText(issuerUri) || hasText(jwkSetUri);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Failed logins allowed within {@code window} per user name and per client address before
     * {@code POST /api/auth/token} answers 429, counted once for the whole deployment (the limits
     * module's shared counters).
     */
    public record LoginLimits(
            @Min(1) @DefaultValue("5") int perUser,
            @Min(1) @DefaultValue("20") int perAddress,
            @NotNull @DefaultValue("5m") Duration window) {
    }
}
