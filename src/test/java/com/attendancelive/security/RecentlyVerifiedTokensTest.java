package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class RecentlyVerifiedTokensTest {

    private final Instant now = Instant.now();
    private final JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder tokens;

    RecentlyVerifiedTokensTest() {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(
                Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256).build();
        nimbus.setJwtValidator(expiry);
        expiry.setClock(Clock.fixed(now, ZoneOffset.UTC));
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        tokens = new RecentlyVerifiedTokens(counting, expiry, 2);
    }

    @Test
    void aTokenSentAgainIsVerifiedOnce() {
        String kiosk = Tokens.signed(Tokens.SECRET, "kiosk", "SERVICE", now.plusSeconds(600));
        Jwt first = tokens.decode(kiosk);
        Jwt again = tokens.decode(kiosk);
        assertThat(again).isSameAs(first);
        assertThat(again.getSubject()).isEqualTo("kiosk");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenThatHasSinceExpiredIsRefusedAsTheDecoderRefusesIt() {
        String kiosk = Tokens.signed(Tokens.SECRET, "kiosk", "SERVICE", now.plusSeconds(60));
        tokens.decode(kiosk);
        expiry.setClock(Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
        assertThatThrownBy(() -> tokens.decode(kiosk)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> tokens.decode(kiosk)).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        String forged = Tokens.wrongKey("admin", "ADMIN");
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void onlyTheMostRecentTokensAreRemembered() {
        String first = Tokens.signed(Tokens.SECRET, "kiosk", "SERVICE", now.plusSeconds(600));
        tokens.decode(first);
        tokens.decode(Tokens.signed(Tokens.SECRET, "teacher1", "TEACHER", now.plusSeconds(600)));
        tokens.decode(Tokens.signed(Tokens.SECRET, "admin", "ADMIN", now.plusSeconds(600)));
        tokens.decode(first);
        assertThat(verifications).hasValue(4);
    }
}
