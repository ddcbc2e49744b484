package com.attendancelive.security;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.security.token-refresh.*}: renewing a token without the password
 * ({@code POST /api/auth/refresh}).
 *
 * @param maxSignInAge how long after the password sign-in its tokens may be renewed; no renewed
 *                     token lives past it, so a stolen token cannot be kept alive for ever
 */
@Validated
@ConfigurationProperties("attendance.security.token-refresh")
public record TokenRefreshProperties(@NotNull @DefaultValue("12h") Duration maxSignInAge) {

    public TokenRefreshProperties {
        if (maxSignInAge != null && (maxSignInAge.isNegative() || maxSignInAge.isZero())) {
            throw new IllegalArgumentException("attendance.security.token-refresh.max-sign-in-age must be positive");
        }
    }
}
