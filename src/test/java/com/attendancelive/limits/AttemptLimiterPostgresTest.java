package com.attendancelive.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    void aLoginsCountsRunOnTheLimitersOwnConnectionsWhichAloneCommitWithoutWaitingForTheDisk() {
        AttemptLimiter login = store.limiter(clock);
        JdbcClient own = JdbcClient.create(login.ownPool());
        assertThat(own.sql("show synchronous_commit").query(String.class).single()).isEqualTo("off");
        assertThat(store.jdbc.sql("show synchronous_commit").query(String.class).single())
                .as("the application's connections").isEqualTo("on");
        Limit.Key frank = perUser.of(unique("frank"));
        assertThat(login.tryAcquire(frank)).isEmpty();
        assertThat(store.jdbc.sql("select attempts from attempt_counter where counter_key = ?")
                .param(AttemptCounters.key(frank)).query(Integer.class).single()).as("seen by every other session").isEqualTo(1);
        login.destroy();
        assertThat(((HikariDataSource) login.ownPool()).isClosed()).as("closed with the application").isTrue();
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
        // The relaxed commits stay on the limiter's own pool: no connection of the application's has them.
        for (int i = 0; i < 10; i++) {
            assertThat(store.jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
        }
    }
}
