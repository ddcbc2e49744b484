package com.attendancelive.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Verifies a bearer token that arrives inside a channel rather than on an HTTP request (STOMP
 * CONNECT, a token refresh, the plain route's handshake header and token frames): the same decoder
 * and claim conversion as REST calls, and one wording for every refusal.
 */
@Component
class BearerTokens {

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter converter;

    BearerTokens(JwtDecoder decoder, JwtAuthenticationConverter converter) {
        this.decoder = decoder;
        this.converter = converter;
    }

    /** The user a session keeps ({@link ChannelAuthentication}), and the token, for the moment it is checked. */
    record Verified(AbstractAuthenticationToken authentication, Jwt jwt) {
    }

    /** Thrown with the text a client is told: {@code token expired}, {@code invalid token} and the like. */
    static final class Rejected extends RuntimeException {

        final boolean expired;

        Rejected(String message, boolean expired) {
            super(message, null, false, false);
            this.expired = expired;
        }
    }

    /** An {@code Authorization} header value: {@code Bearer <token>}. */
    Verified verifyHeader(String value) {
        if (value == null || value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7) || value.substring(7).isBlank()) {
            throw new Rejected("malformed Authorization header: expected 'Bearer <token>'", false);
        }
        return verify(value.substring(7).trim());
    }

    Verified verify(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        }
        catch (JwtValidationException ex) {
            boolean expired = ex.getErrors().stream().anyMatch(error -> error.getDescription() != null
                    && error.getDescription().toLowerCase().contains("expired"));
            throw new Rejected(expired ? "token expired" : "invalid token", expired);
        }
        catch (JwtException ex) {
            throw new Rejected("invalid token", false);
        }
        AbstractAuthenticationToken authentication = converter.convert(jwt);
        if (authentication == null || authentication.getAuthorities().isEmpty()) {
            throw new Rejected("token carries no known role", false);
        }
        return new Verified(new ChannelAuthentication(authentication.getName(), authentication.getAuthorities()), jwt);
    }
}
