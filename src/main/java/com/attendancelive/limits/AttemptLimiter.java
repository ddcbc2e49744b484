package com.attendancelive.limits;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts attempts against {@link Limit}s in the shared database, so a limit holds once for the
 * whole deployment however many instances serve it. Every call runs in a transaction of its own,
 * or, when the caller has one, in a savepoint of it: a counter that fails (timeout, lock, missing
 * table) is rolled back alone and the caller's transaction carries on. A failure is reported as
 * {@link LimitStoreUnavailableException}, logged once per outage. Nothing is kept in memory.
 *
 * <p>On PostgreSQL, a call outside any transaction (a login's) runs on a small pool of the
 * limiter's own, whose sessions commit without waiting for the disk ({@code synchronous_commit off},
 * set when a connection opens, so it costs no statement): a login's count is one transaction and its
 * forgiving one statement, neither waiting for a WAL flush. The counts are visible to every other
 * transaction at once, so the limit holds exactly as before; only a crash of the database itself can
 * forget the last fraction of a second of counts. A caller's transaction (a check-in's) stays on the
 * caller's connection and is never relaxed.
 */
@Component
public class AttemptLimiter implements DisposableBean {

    private static final int MAX_RETRIES = 5;

    /** In the caller's transaction (a savepoint of it), or in one of their own on H2. */
    private final AttemptCounters counters;
    private final TransactionTemplate ownOrSavepoint;
    /** Outside any transaction: the limiter's own pool on PostgreSQL, else the same as above. */
    private final AttemptCounters ownCounters;
    private final TransactionTemplate ownTransaction;
    private final HikariDataSource ownPool;
    private final Clock clock;
    private final OutageLog outage = new OutageLog();

    @Autowired
    AttemptLimiter(DataSource dataSource, PlatformTransactionManager transactions, ObjectProvider<Clock> clock,
            LimitsProperties properties) {
        this(dataSource, transactions, clock.getIfAvailable(Clock::systemUTC), properties);
    }

    AttemptLimiter(DataSource dataSource, PlatformTransactionManager transactions, Clock clock, LimitsProperties properties) {
        boolean postgres = isPostgres(dataSource);
        this.counters = new AttemptCounters(jdbc(dataSource, postgres, properties), postgres);
        this.ownOrSavepoint = new TransactionTemplate(transactions);
        this.ownOrSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.ownPool = postgres ? ownPool(dataSource, properties) : null;
        if (ownPool != null) {
            this.ownCounters = new AttemptCounters(jdbc(ownPool, true, properties), true);
            this.ownTransaction = new TransactionTemplate(new JdbcTransactionManager(ownPool));
        }
        else {
            this.ownCounters = counters;
            this.ownTransaction = ownOrSavepoint;
        }
        this.clock = clock;
    }

    private static JdbcClient jdbc(DataSource dataSource, boolean postgres, LimitsProperties properties) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        if (postgres) {
            // PgJDBC times each statement on its own; H2 would keep the timeout for the whole session
            // (every later statement on that pooled connection), so H2 relies on its lock timeout.
            template.setQueryTimeout((int) properties.statementTimeout().toSeconds());
        }
        return JdbcClient.create(template);
    }

    /** The limiter's own connections to the application's PostgreSQL database; null when its pool is not Hikari's. */
    private static HikariDataSource ownPool(DataSource application, LimitsProperties properties) {
        HikariDataSource shared;
        try {
            if (!application.isWrapperFor(HikariDataSource.class)) {
                return null;
            }
            shared = application.unwrap(HikariDataSource.class);
        }
        catch (SQLException ex) {
            return null;
        }
        HikariDataSource own = new HikariDataSource();
        own.setPoolName("attempt-counters");
        own.setJdbcUrl(shared.getJdbcUrl());
        own.setUsername(shared.getUsername());
        own.setPassword(shared.getPassword());
        own.setDataSourceProperties(shared.getDataSourceProperties());
        own.addDataSourceProperty("options", "-c synchronous_commit=off");
        own.setMaximumPoolSize(properties.connections());
        own.setMinimumIdle(1);
        // An unreachable database refuses a login within the statement timeout, not Hikari's 30 s.
        own.setConnectionTimeout(Math.max(250, properties.statementTimeout().toMillis()));
        own.setInitializationFailTimeout(-1);
        return own;
    }

    /**
     * Counts one attempt against every key, all or none: when any key's window is used up,
     * nothing is counted and the answer is how long until every refusing key has room again.
     * Concurrent calls for one key are counted one after the other, on any instance.
     */
    public Optional<Duration> tryAcquire(List<Limit.Key> keys) {
        boolean own = !TransactionSynchronizationManager.isActualTransactionActive();
        AttemptCounters store = own ? ownCounters : counters;
        return run(() -> (own ? ownTransaction : ownOrSavepoint).execute(status -> {
            Instant now = clock.instant();
            boolean unique = keys.size() == Set.copyOf(keys).size();
            Set<String> counted = unique ? store.countEachIfRoom(keys, now) : Set.of();
            Duration wait = null;
            for (Limit.Key key : keys) {
                if (counted.contains(AttemptCounters.key(key))) {
                    continue;
                }
                Optional<Duration> refused = acquire(store, key, now, store.countsEachAtOnce() && unique);
                if (refused.isPresent() && (wait == null || refused.get().compareTo(wait) > 0)) {
                    wait = refused.get();
                }
            }
            if (wait != null) {
                status.setRollbackOnly();
            }
            return Optional.ofNullable(wait);
        }));
    }

    public Optional<Duration> tryAcquire(Limit.Key key) {
        return tryAcquire(List.of(key));
    }

    /** How long the key's window is still used up, without counting anything: one read by primary key. */
    public Optional<Duration> blockedFor(Limit.Key key) {
        return run(oneStatement(() -> {
            Instant now = clock.instant();
            return counters.read(AttemptCounters.key(key))
                    .filter(window -> window.attempts() >= key.limit().max() && window.end().isAfter(now))
                    .map(window -> Duration.between(now, window.end()));
        }));
    }

    /**
     * Forgets every attempt of {@code reset} (its window ends now) and gives back one attempt
     * counted by {@link #tryAcquire} to {@code release}, in one statement: what a login whose
     * password was right does for its user and its address.
     */
    public void forgive(Limit.Key reset, Limit.Key release) {
        boolean own = !TransactionSynchronizationManager.isActualTransactionActive();
        AttemptCounters store = own ? ownCounters : counters;
        run(oneStatement(() -> {
            store.resetAndUncount(AttemptCounters.key(reset), AttemptCounters.key(release), clock.instant());
            return null;
        }));
    }

    /** A single statement needs no transaction of its own; inside the caller's it gets a savepoint. */
    private <T> Supplier<T> oneStatement(Supplier<T> statement) {
        return TransactionSynchronizationManager.isActualTransactionActive()
                ? () -> ownOrSavepoint.execute(status -> statement.get()) : statement;
    }

    /**
     * The wait when the key's window is used up, or empty once the attempt is counted;
     * {@code alreadyUpdated} when {@link AttemptCounters#countEachIfRoom} tried the key and did not count it.
     */
    private static Optional<Duration> acquire(AttemptCounters counters, Limit.Key limited, Instant now, boolean alreadyUpdated) {
        String key = AttemptCounters.key(limited);
        Instant newEnd = now.plus(limited.limit().window());
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            boolean updateTried = attempt == 0 && alreadyUpdated;
            if ((!updateTried && counters.countIfRoom(key, limited.limit().max(), now, newEnd)) || counters.insertFirst(key, newEnd)) {
                return Optional.empty();
            }
            Optional<AttemptCounters.Window> window = counters.read(key);
            if (window.isPresent() && window.get().attempts() >= limited.limit().max() && window.get().end().isAfter(now)) {
                return Optional.of(Duration.between(now, window.get().end()));
            }
            // Created, reset or deleted by another caller meanwhile: count again.
        }
        throw new ConcurrencyFailureException("Could not count an attempt of " + limited.limit().name() + " after "
                + MAX_RETRIES + " tries");
    }

    private <T> T run(Supplier<T> work) {
        try {
            T result = work.get();
            outage.answered();
            return result;
        }
        catch (DataAccessException | TransactionException ex) {
            outage.failed(ex);
            throw new LimitStoreUnavailableException(ex);
        }
    }

    AttemptCounters counters() {
        return counters;
    }

    /** The limiter's own pool on PostgreSQL, or null. */
    DataSource ownPool() {
        return ownPool;
    }

    @Override
    public void destroy() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    Clock clock() {
        return clock;
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, meta -> meta.getDatabaseProductName());
            return product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
        }
        catch (MetaDataAccessException ex) {
            throw new IllegalStateException("Cannot tell which database holds the attempt counters", ex);
        }
    }
}
