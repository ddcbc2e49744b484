package com.attendancelive.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptLimiterPostgresTest extends AttemptLimiterContract {

    @Override
    LimitStore createStore() {
        return LimitStore.postgres();
    }

    @Test
    void aCallersTransactionStillWaitsForTheDiskWhenItCountsAttempts() {
        Limit.Key dana = perUser.of(unique("dana"));
        String synchronousCommit = store.transaction().execute(status -> {
            limiter.tryAcquire(dana);
            limiter.forgive(dana, dana);
            return store.jdbc.sql("show synchronous_commit").query(String.class).single();
        });
        assertThat(synchronousCommit).as("a check-in's commit must stay durable").isEqualTo("on");
    }

    @Test
    void theLimitersOwnTransactionsCountExactlyAndLeaveThePooledConnectionsDurable() {
        Limit.Key eve = perUser.of(unique("eve"));
        for (int i = 0; i < perUser.max(); i++) {
            assertThat(limiter.tryAcquire(eve)).as("attempt %d", i + 1).isEmpty();
        }
        assertThat(limiter.tryAcquire(eve)).as("past the limit").isPresent();
        limiter.forgive(eve, eve);
        assertThat(limiter.tryAcquire(eve)).as("forgiven").isEmpty();
        // SET LOCAL ends with its transaction: no connection of the pool keeps it.
        for (int i = 0; i < 10; i++) {
            assertThat(store.jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
        }
    }
}
