package com.attendancelive.security;

import com.attendancelive.directory.UserAccount;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** Signs access tokens for users who proved their password. */
class TokenIssuer {

    private final Optional<JwtEncoder> encoder;
    private final SecurityProperties properties;

    TokenIssuer(Optional<JwtEncoder> encoder, SecurityProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    /** False when an external issuer is trusted and no local key is configured. */
    boolean canIssue() {
        return encoder.isPresent();
    }

    IssuedToken issue(UserAccount user) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.tokenTtl());
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(user.username())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(properties.rolesClaim(), List.of(user.role().name()));
        if (!"sub".equals(properties.usernameClaim())) {
            claims.claim(properties.usernameClaim(), user.username());
        }
        String token = encoder.orElseThrow().encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
        return new IssuedToken(token, properties.tokenTtl().toSeconds());
    }

    record IssuedToken(String value, long expiresInSeconds) {
    }
}
