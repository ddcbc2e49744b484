package com.attendancelive.security;

import com.attendancelive.directory.UserAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** Signs access tokens for users who proved their password, and renewals of those tokens. */
class TokenIssuer {

    /** When the password sign-in a token descends from happened (epoch seconds, as in OpenID Connect). */
    static final String SIGNED_IN_AT = "auth_time";

    private final Optional<JwtEncoder> encoder;
    private final SecurityProperties properties;
    private final TokenRefreshProperties refresh;

    TokenIssuer(Optional<JwtEncoder> encoder, SecurityProperties properties, TokenRefreshProperties refresh) {
        this.encoder = encoder;
        this.properties = properties;
        this.refresh = refresh;
    }

    /** False when an external issuer is trusted and no local key is configured. */
    boolean canIssue() {
        return encoder.isPresent();
    }

    /** A token for a password sign-in made now. */
    IssuedToken issue(UserAccount user) {
        Instant now = Instant.now();
        return issue(user, now, now, now.plus(properties.tokenTtl()));
    }

    /**
     * A renewal issued now: a token of the password sign-in made at {@code signedInAt}, living
     * {@code token-ttl} but never past the sign-in's {@code token-refresh.max-sign-in-age}. Empty
     * when the sign-in is that old already, or lies further ahead than the clock skew.
     */
    Optional<IssuedToken> renew(UserAccount user, Instant signedInAt) {
        Instant now = Instant.now();
        Instant renewableUntil = signedInAt.plus(refresh.maxSignInAge());
        if (!now.isBefore(renewableUntil) || signedInAt.isAfter(now.plus(properties.clockSkew()))) {
            return Optional.empty();
        }
        Instant expiresAt = now.plus(properties.tokenTtl());
        if (renewableUntil.isBefore(expiresAt)) {
            expiresAt = renewableUntil;
        }
        return Optional.of(issue(user, now, signedInAt, expiresAt));
    }

    private IssuedToken issue(UserAccount user, Instant now, Instant signedInAt, Instant expiresAt) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(user.username())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(SIGNED_IN_AT, signedInAt.getEpochSecond())
                .claim(properties.rolesClaim(), List.of(user.role().name()));
        if (!"sub".equals(properties.usernameClaim())) {
            claims.claim(properties.usernameClaim(), user.username());
        }
        String token = encoder.orElseThrow().encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
        return new IssuedToken(token, Duration.between(now, expiresAt).toSeconds());
    }

    record IssuedToken(String value, long expiresInSeconds) {
    }
}
