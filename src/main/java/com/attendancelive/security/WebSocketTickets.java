package com.attendancelive.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time tickets for the plain WebSocket route: valid {@link #VALID_FOR}, for one handshake, for
 * the user who asked, who gets the rights of the token they asked with until that token expires.
 * In the database, so that any instance can redeem what another issued; only a hash is stored.
 */
@Component
class WebSocketTickets {

    static final Duration VALID_FOR = Duration.ofSeconds(30);
    /** Unredeemed tickets one user may hold at once; more are refused until some are used or expire. */
    static final int MAX_OUTSTANDING_PER_USER = 20;
    /** 32 random bytes, base64url without padding. */
    static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    WebSocketTickets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who redeemed a ticket, with the rights and the end of the token that asked for it. */
    record Holder(String username, List<GrantedAuthority> authorities, Instant tokenExpiresAt) {
    }

    /** A new ticket, or empty when the user already holds {@link #MAX_OUTSTANDING_PER_USER}. */
    @Transactional
    Optional<String> issue(String username, List<? extends GrantedAuthority> authorities, Instant tokenExpiresAt) {
        Instant now = clock.instant();
        jdbc.sql("delete from ws_ticket where expires_at <= ?").param(Timestamp.from(now)).update();
        long outstanding = jdbc.sql("select count(*) from ws_ticket where username = ?").param(username)
                .query(Long.class).single();
        if (outstanding >= MAX_OUTSTANDING_PER_USER) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String roles = String.join(" ", authorities.stream().map(GrantedAuthority::getAuthority).toList());
        jdbc.sql("insert into ws_ticket (ticket_hash, username, authorities, token_expires_at, expires_at) values (?, ?, ?, ?, ?)")
                .params(hash(ticket), username, roles, Timestamp.from(tokenExpiresAt), Timestamp.from(now.plus(VALID_FOR)))
                .update();
        return Optional.of(ticket);
    }

    /** The ticket's holder, once: the delete that removes it is what makes it single use across instances. */
    @Transactional
    Optional<Holder> redeem(String ticket) {
        if (ticket == null || !TICKET.matcher(ticket).matches()) {
            return Optional.empty();
        }
        String hash = hash(ticket);
        Timestamp now = Timestamp.from(clock.instant());
        Optional<Holder> holder = jdbc.sql("select username, authorities, token_expires_at from ws_ticket where ticket_hash = ? and expires_at > ?")
                .params(hash, now)
                .query((row, number) -> new Holder(row.getString(1), authorities(row.getString(2)), row.getTimestamp(3).toInstant()))
                .optional();
        if (holder.isEmpty() || jdbc.sql("delete from ws_ticket where ticket_hash = ?").param(hash).update() != 1) {
            return Optional.empty();
        }
        return holder;
    }

    private static List<GrantedAuthority> authorities(String roles) {
        return Arrays.stream(roles.split(" ")).filter(role -> !role.isEmpty())
                .<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
    }

    private static String hash(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
