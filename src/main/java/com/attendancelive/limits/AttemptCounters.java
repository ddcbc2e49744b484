package com.attendancelive.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements on {@code attempt_counter} (one row per limit and subject: attempts counted in
 * the current window and when it ends). Each runs in the caller's transaction; the row lock an
 * UPDATE takes is what makes concurrent counting exact on any number of instances.
 */
final class AttemptCounters {

    private static final int MAX_KEY_LENGTH = 200;

    /** One window of a counter, as stored. */
    record Window(int attempts, Instant end) {
    }

    private final JdbcClient jdbc;
    private final boolean postgres;

    AttemptCounters(JdbcClient jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    /**
     * Counts one attempt when the key's window has room (or has ended: a new one starts now);
     * true when counted. The UPDATE locks the row, so concurrent callers count one after the other.
     */
    boolean countIfRoom(String key, int max, Instant now, Instant newWindowEnd) {
        int updated = jdbc.sql("""
                update attempt_counter
                set attempts = case when window_end <= :now then 1 else attempts + 1 end,
                    window_end = case when window_end <= :now then :end else window_end end
                where counter_key = :key and (window_end <= :now or attempts < :max)""")
                .param("now", utc(now)).param("end", utc(newWindowEnd)).param("key", key).param("max", max)
                .update();
        return updated == 1;
    }

    /** Whether {@link #countEachIfRoom} counts (PostgreSQL) or leaves every key to the caller (H2). */
    boolean countsEachAtOnce() {
        return postgres;
    }

    /**
     * PostgreSQL only: {@link #countIfRoom} for every key at once, in one statement (one round trip
     * for a login's user and address); the row keys it counted. Each row is locked and its
     * condition checked again under the lock, as with one key. On H2, counts nothing: the caller
     * counts key by key.
     */
    Set<String> countEachIfRoom(List<Limit.Key> keys, Instant now) {
        if (!postgres || keys.isEmpty()) {
            return Set.of();
        }
        StringBuilder rows = new StringBuilder();
        List<Object> params = new ArrayList<>();
        params.add(utc(now));
        params.add(utc(now));
        for (Limit.Key key : keys) {
            rows.append(rows.isEmpty() ? "" : ", ").append("(?::text, ?::int, ?::timestamptz)");
            params.add(key(key));
            params.add(key.limit().max());
            params.add(utc(now.plus(key.limit().window())));
        }
        params.add(utc(now));
        return Set.copyOf(jdbc.sql("update attempt_counter c"
                + " set attempts = case when c.window_end <= ? then 1 else c.attempts + 1 end,"
                + " window_end = case when c.window_end <= ? then w.window_end else c.window_end end"
                + " from (values " + rows + ") as w(counter_key, max_attempts, window_end)"
                + " where c.counter_key = w.counter_key and (c.window_end <= ? or c.attempts < w.max_attempts)"
                + " returning c.counter_key")
                .params(params).query(String.class).list());
    }

    /** Starts the key's first window with one attempt; false when the row exists (or was just created by another caller). */
    boolean insertFirst(String key, Instant windowEnd) {
        if (postgres) {
            // A duplicate key would abort PostgreSQL's transaction; this waits for a concurrent insert and does nothing.
            return jdbc.sql("insert into attempt_counter (counter_key, attempts, window_end) values (?, 1, ?) "
                    + "on conflict (counter_key) do nothing").params(key, utc(windowEnd)).update() == 1;
        }
        try {
            return jdbc.sql("insert into attempt_counter (counter_key, attempts, window_end) values (?, 1, ?)")
                    .params(key, utc(windowEnd)).update() == 1;
        }
        catch (DuplicateKeyException exists) {
            // H2 keeps the transaction usable after a failed statement.
            return false;
        }
    }

    Optional<Window> read(String key) {
        return jdbc.sql("select attempts, window_end from attempt_counter where counter_key = ?").param(key)
                .query((rs, row) -> new Window(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional();
    }

    /**
     * Ends {@code reset}'s window with nothing counted (the row stays for the next attempt to
     * reuse, or the cleanup to delete) and gives one attempt back to {@code uncount}, within the
     * window it was counted in.
     */
    void resetAndUncount(String reset, String uncount, Instant now) {
        jdbc.sql("""
                update attempt_counter
                set attempts = case when counter_key = :reset then 0 else attempts - 1 end,
                    window_end = case when counter_key = :reset then :now else window_end end
                where counter_key = :reset or (counter_key = :uncount and attempts > 0 and window_end > :now)""")
                .param("reset", reset).param("uncount", uncount).param("now", utc(now)).update();
    }

    /** Deletes up to {@code batch} counters whose window has ended; how many it deleted. */
    int deleteExpired(Instant now, int batch) {
        List<String> keys = jdbc.sql("select counter_key from attempt_counter where window_end <= ? limit ?")
                .params(utc(now), batch).query(String.class).list();
        return keys.isEmpty() ? 0 : jdbc.sql("delete from attempt_counter where counter_key in (:keys) and window_end <= :now")
                .param("keys", keys).param("now", utc(now)).update();
    }

    long count() {
        return jdbc.sql("select count(*) from attempt_counter").query(Long.class).single();
    }

    /** Deletes up to {@code batch} counters, those with the fewest attempts and the earliest end first. */
    int evict(int batch) {
        // Two statements: H2 runs "in (select ... order by ... limit)" as a scan per row.
        List<String> keys = jdbc.sql("select counter_key from attempt_counter order by attempts, window_end limit ?")
                .param(batch).query(String.class).list();
        return keys.isEmpty() ? 0 : jdbc.sql("delete from attempt_counter where counter_key in (:keys)")
                .param("keys", keys).update();
    }

    /** The row's key: the limit's name and the subject, hashed when it would not fit the column. */
    static String key(Limit.Key key) {
        String plain = key.limit().name() + ":" + key.subject();
        if (plain.length() <= MAX_KEY_LENGTH) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.subject().getBytes(StandardCharsets.UTF_8));
            return key.limit().name() + ":#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
