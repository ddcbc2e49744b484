package com.attendancelive.limits;

import com.attendancelive.support.PostgresTestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real database with the application's migrations, and limiters on it as instances would have
 * them: H2 in memory, or a PostgreSQL database of its own (skipped when none answers).
 */
public final class LimitStore implements AutoCloseable {

    final HikariDataSource dataSource = new HikariDataSource();
    final JdbcTransactionManager transactions;
    public final JdbcClient jdbc;
    private final PostgresTestDatabase postgres;
    private final List<AttemptLimiter> limiters = new CopyOnWriteArrayList<>();

    private LimitStore(String url, String user, PostgresTestDatabase postgres) {
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(8);
        this.postgres = postgres;
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        transactions = new JdbcTransactionManager(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    public static LimitStore h2() {
        return new LimitStore("jdbc:h2:mem:limits-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", null);
    }

    public static LimitStore postgres() {
        PostgresTestDatabase database = PostgresTestDatabase.create();
        return new LimitStore(database.url(), database.username(), database);
    }

    boolean isPostgres() {
        return postgres != null;
    }

    /** A limiter as one instance has it: its own statements on the shared table. */
    public AttemptLimiter limiter(Clock clock, LimitsProperties properties) {
        AttemptLimiter limiter = new AttemptLimiter(dataSource, transactions, clock, properties);
        limiters.add(limiter);
        return limiter;
    }

    public AttemptLimiter limiter(Clock clock) {
        return limiter(clock, new LimitsProperties(100_000, Duration.ofMinutes(1), Duration.ofSeconds(1), 4));
    }

    TransactionTemplate transaction() {
        return new TransactionTemplate(transactions);
    }

    public long rows() {
        return jdbc.sql("select count(*) from attempt_counter").query(Long.class).single();
    }

    /** Makes the counters unavailable (as a missing table), until {@link #restoreCounters()}. */
    public void hideCounters() {
        jdbc.sql("alter table attempt_counter rename to attempt_counter_away").update();
    }

    public void restoreCounters() {
        jdbc.sql("alter table attempt_counter_away rename to attempt_counter").update();
    }

    @Override
    public void close() {
        limiters.forEach(AttemptLimiter::destroy);
        dataSource.close();
        if (postgres != null) {
            postgres.drop();
        }
    }
}
