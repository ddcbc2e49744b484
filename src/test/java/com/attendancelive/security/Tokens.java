package com.attendancelive.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Tokens a test makes by itself: with the application's key (to control expiry), a wrong key, or none at all. */
final class Tokens {

    /** The signing key the adversarial tests configure the application with. */
    static final String SECRET = "test-only-signing-key-0123456789-abcdefghijklmnop";
    static final String ISSUER = "attendance-live";

    private Tokens() {
    }

    static String signed(String secret, String user, String role, Instant expiresAt) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(
                new ImmutableSecret<>(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(user)
                .issuedAt(expiresAt.minusSeconds(3600)).expiresAt(expiresAt).claim("roles", List.of(role)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    static String valid(String user, String role, int secondsToLive) {
        return signed(SECRET, user, role, Instant.now().plusSeconds(secondsToLive));
    }

    static String expired(String user, String role) {
        return signed(SECRET, user, role, Instant.now().minusSeconds(120));
    }

    static String wrongKey(String user, String role) {
        return signed("an-attackers-own-key-that-is-long-enough-0123456789", user, role, Instant.now().plusSeconds(600));
    }

    /** An unsigned token ({@code alg: none}) claiming to be an ADMIN. */
    static String algNone(String user, String role) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String payload = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + user + "\",\"roles\":[\"" + role
                + "\"],\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
