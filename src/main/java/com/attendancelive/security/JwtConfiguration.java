package com.attendancelive.security;

import com.attendancelive.directory.Role;
import com.attendancelive.shared.Protocol;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * JWTs: signed with HS256 by this application ({@code attendance.security.jwt-secret}), or, in
 * production, optionally issued by an external issuer. One decoder and one converter serve both
 * REST (the resource server) and STOMP CONNECT, so both see the same user and authorities.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class JwtConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JwtConfiguration.class);

    /** Enough for the kiosks and card readers of a school, and for users reconnecting. */
    static final int RECENTLY_VERIFIED_TOKENS = 1_000;

    private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Enum::name).collect(Collectors.toSet());

    /** The HS256 key, or empty when tokens come from an external issuer and no local key is set. */
    @Bean
    SigningKey signingKey(SecurityProperties properties, Environment environment) {
        if (properties.jwtSecret() != null) {
            return new SigningKey(Optional.of(hmacKey(properties.jwtSecret().getBytes(StandardCharsets.UTF_8))));
        }
        if (properties.trustsExternalIssuer()) {
            return new SigningKey(Optional.empty());
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("The prod profile needs attendance.security.jwt-secret (at least "
                    + SecurityProperties.MIN_SECRET_BYTES + " bytes, the same on every instance) or an external issuer "
                    + "(attendance.security.issuer-uri or jwk-set-uri)");
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        log.warn("No attendance.security.jwt-secret set: generated a random token signing key for this process. "
                + "Tokens are valid on this instance only and not after a restart; several instances need a shared key "
                + "(set attendance.security.jwt-secret on every instance).");
        return new SigningKey(Optional.of(hmacKey(random)));
    }

    private static SecretKey hmacKey(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    @Bean
    TokenIssuer tokenIssuer(SigningKey key, SecurityProperties properties, TokenRefreshProperties refresh) {
        return new TokenIssuer(key.key().map(k -> new NimbusJwtEncoder(new ImmutableSecret<>(k))), properties, refresh);
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKey key, SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        // Sessions are bounded by the token's lifetime: a token without one is refused.
        validators.add(new JwtClaimValidator<Instant>("exp", exp -> exp != null));
        validators.add(new JwtClaimValidator<Object>(properties.usernameClaim(),
                name -> name instanceof String s && Protocol.IDENTIFIER.matcher(s).matches()));
        NimbusJwtDecoder decoder;
        if (hasText(properties.issuerUri())) {
            decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(properties.issuerUri());
            validators.add(new JwtIssuerValidator(properties.issuerUri()));
        }
        else if (hasText(properties.jwkSetUri())) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        }
        else {
            decoder = NimbusJwtDecoder.withSecretKey(key.key().orElseThrow()).macAlgorithm(MacAlgorithm.HS256).build();
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        decoder.setJwtValidator(validator);
        return new RecentlyVerifiedTokens(decoder, validator, RECENTLY_VERIFIED_TOKENS);
    }

    /** Authorities {@code ROLE_<ROLE>} from the roles claim (unknown roles are dropped); name = the user name claim. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter(SecurityProperties properties) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(properties.usernameClaim());
        converter.setJwtGrantedAuthoritiesConverter(jwt -> roleAuthorities(jwt.getClaim(properties.rolesClaim())));
        return converter;
    }

    static Collection<GrantedAuthority> roleAuthorities(Object claim) {
        Collection<?> values;
        if (claim instanceof Collection<?> list) {
            values = list;
        }
        else if (claim instanceof String s) {
            values = Arrays.asList(s.trim().split("\\s+"));
        }
        else {
            return List.of();
        }
        return values.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(ROLES::contains)
                .distinct()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    record SigningKey(Optional<SecretKey> key) {
    }
}
