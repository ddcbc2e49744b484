package com.attendancelive.security;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.ConcurrentLruCache;

/**
 * Remembers the last verified tokens. A kiosk or a card reader sends the same token with every
 * check-in; its signature check and claim conversion were about 5 % of a check-in's CPU
 * (docs/benchmarks-log.md#tuning-and-why). A remembered token is validated again each time (it may have expired since);
 * one that no longer validates is forgotten and goes to the decoder, which refuses it with its own error.
 */
final class RecentlyVerifiedTokens implements JwtDecoder {

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final ConcurrentLruCache<String, Jwt> verified;

    RecentlyVerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, int capacity) {
        this.decoder = decoder;
        this.validator = validator;
        this.verified = new ConcurrentLruCache<>(capacity, decoder::decode);
    }

    @Override
    public Jwt decode(String token) {
        Jwt jwt = verified.get(token);
        if (validator.validate(jwt).hasErrors()) {
            verified.remove(token);
            return decoder.decode(token);
        }
        return jwt;
    }
}
