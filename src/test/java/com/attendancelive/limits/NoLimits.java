package com.attendancelive.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * For benchmarks only: a limiter that counts nothing, to measure what the shared counters cost
 * (the "without" side). Never on the main classpath.
 */
public final class NoLimits extends AttemptLimiter {

    NoLimits(DataSource dataSource, PlatformTransactionManager transactions, LimitsProperties properties) {
        super(dataSource, transactions, Clock.systemUTC(), properties);
    }

    @Override
    public Optional<Duration> tryAcquire(List<Limit.Key> keys) {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> blockedFor(Limit.Key key) {
        return Optional.empty();
    }

    @Override
    public void forgive(Limit.Key reset, Limit.Key release) {
    }

    /** Replaces the application's limiter when {@code loadgen.limits=off}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "loadgen.limits", havingValue = "off")
    public static class Replacement {

        @Bean
        @Primary
        NoLimits noLimits(DataSource dataSource, PlatformTransactionManager transactions, LimitsProperties properties) {
            return new NoLimits(dataSource, transactions, properties);
        }
    }
}
