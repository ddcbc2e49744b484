package com.attendancelive.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.attendancelive.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The shared attempt counters on a real database, H2 and PostgreSQL (the subclasses): exact
 * counts under concurrency from two limiters (two instances' worth), all-or-none counting,
 * windows, and what a failing counter does to the caller's transaction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttemptLimiterContract {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    final Limit perUser = new Limit("login-user", 3, Duration.ofMinutes(5));
    LimitStore store;
    AttemptLimiter limiter;

    abstract LimitStore createStore();

    @BeforeAll
    void start() {
        store = createStore();
        limiter = store.limiter(clock);
    }

    @AfterAll
    void stop() {
        if (store != null) {
            store.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void countsUpToTheLimitThenRefusesUntilTheWindowEnds() {
        Limit.Key bob = perUser.of(unique("bob"));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.blockedFor(bob)).isEmpty();
            assertThat(limiter.tryAcquire(bob)).as("attempt %d", i + 1).isEmpty();
            clock.advance(Duration.ofSeconds(10));
        }
        Duration left = Duration.ofMinutes(5).minusSeconds(30);
        assertThat(limiter.tryAcquire(bob)).contains(left);
        assertThat(limiter.blockedFor(bob)).contains(left);
        assertThat(limiter.tryAcquire(perUser.of(unique("alice")))).as("another subject").isEmpty();
        assertThat(limiter.tryAcquire(new Limit("check-in-code", 3, Duration.ofMinutes(5)).of(bob.subject())))
                .as("the same subject under another limit").isEmpty();

        clock.advance(left);
        assertThat(limiter.blockedFor(bob)).as("the window has ended").isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(bob)).as("new window, attempt %d", i + 1).isEmpty();
        }
        assertThat(limiter.tryAcquire(bob)).contains(Duration.ofMinutes(5));
    }

    @Test
    void keysAreCountedAllOrNone() {
        Limit perAddress = new Limit("login-address", 2, Duration.ofMinutes(5));
        Limit.Key address = perAddress.of(unique("10.0.0"));
        assertThat(limiter.tryAcquire(List.of(perUser.of(unique("u")), address))).isEmpty();
        assertThat(limiter.tryAcquire(List.of(perUser.of(unique("u")), address))).isEmpty();
        Limit.Key carol = perUser.of(unique("carol"));
        assertThat(limiter.tryAcquire(List.of(carol, address))).as("the address is used up").contains(Duration.ofMinutes(5));
        assertThat(store.limiter(clock).counters().read(AttemptCounters.key(carol)))
                .as("nothing counted for carol").isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(carol)).as("carol still has all her attempts").isEmpty();
        }
    }

    @Test
    void forgivingResetsOneKeyAndGivesTheOtherOneAttemptBack() {
        Limit perAddress = new Limit("login-address", 3, Duration.ofMinutes(5));
        Limit.Key dave = perUser.of(unique("dave"));
        Limit.Key address = perAddress.of(unique("10.1.1"));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(List.of(dave, address))).isEmpty();
        }
        assertThat(limiter.tryAcquire(dave)).as("dave used up").isPresent();
        limiter.forgive(dave, address);
        assertThat(limiter.blockedFor(dave)).isEmpty();
        assertThat(limiter.tryAcquire(address)).as("the address got one back").isEmpty();
        assertThat(limiter.tryAcquire(address)).as("and only one").isPresent();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(dave)).as("dave's attempts all forgiven, %d", i + 1).isEmpty();
        }
        clock.advance(Duration.ofMinutes(5));
        limiter.tryAcquire(address);
        limiter.forgive(perUser.of(unique("nobody")), address);
        assertThat(limiter.tryAcquire(address)).isEmpty();
        assertThat(limiter.tryAcquire(address)).isEmpty();
        assertThat(limiter.tryAcquire(address)).as("a new window: one counted, one given back, three more").isEmpty();
        assertThat(limiter.tryAcquire(address)).isPresent();
    }

    /** Two limiters (what two instances have), 50 attempts at once for one key: exactly the limit pass. */
    @Test
    void concurrentAttemptsOnTwoLimitersAreCountedExactly() throws Exception {
        Limit five = new Limit("login-user", 5, Duration.ofMinutes(5));
        List<AttemptLimiter> instances = List.of(store.limiter(clock), store.limiter(clock));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 3; round++) {
                Limit.Key key = five.of(unique("parallel"));
                List<Future<Optional<Duration>>> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    AttemptLimiter instance = instances.get(i % 2);
                    Callable<Optional<Duration>> attempt = () -> instance.tryAcquire(key);
                    results.add(threads.submit(attempt));
                }
                int allowed = 0;
                for (Future<Optional<Duration>> result : results) {
                    allowed += result.get().isEmpty() ? 1 : 0;
                }
                assertThat(allowed).as("round %d: attempts counted out of 50", round).isEqualTo(5);
                assertThat(store.limiter(clock).counters().read(AttemptCounters.key(key)).orElseThrow().attempts())
                        .isEqualTo(5);
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    /** Logins as they count: a user and an address at once. 50 users on one address, at once, on two limiters. */
    @Test
    void concurrentAttemptsOfManyUsersOnOneAddressAreCountedExactlyAllOrNone() throws Exception {
        Limit perAddress = new Limit("login-address", 5, Duration.ofMinutes(5));
        Limit.Key address = perAddress.of(unique("10.2.2"));
        List<AttemptLimiter> instances = List.of(store.limiter(clock), store.limiter(clock));
        List<Limit.Key> users = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Optional<Duration>>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Limit.Key user = perUser.of(unique("crowd"));
                users.add(user);
                AttemptLimiter instance = instances.get(i % 2);
                Callable<Optional<Duration>> attempt = () -> instance.tryAcquire(List.of(user, address));
                results.add(threads.submit(attempt));
            }
            int allowed = 0;
            for (Future<Optional<Duration>> result : results) {
                allowed += result.get().isEmpty() ? 1 : 0;
            }
            assertThat(allowed).as("attempts counted out of 50").isEqualTo(5);
            AttemptCounters counters = store.limiter(clock).counters();
            assertThat(counters.read(AttemptCounters.key(address)).orElseThrow().attempts()).isEqualTo(5);
            long usersCounted = users.stream()
                    .filter(user -> counters.read(AttemptCounters.key(user)).map(w -> w.attempts() == 1).orElse(false))
                    .count();
            assertThat(usersCounted).as("only the users whose attempt was counted").isEqualTo(5);
        }
        finally {
            threads.shutdownNow();
        }
    }

    /**
     * A counter that fails inside the caller's transaction is rolled back alone (a savepoint): the
     * caller's work commits. On PostgreSQL, without it, the failed statement would abort the
     * whole transaction. The outage is logged once, and its end once.
     */
    @Test
    void anUnavailableStoreFailsTheCallAloneAndIsLoggedOncePerOutage() {
        Logger logger = (Logger) LoggerFactory.getLogger(AttemptLimiter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        String classId = unique("c");
        Limit.Key erin = perUser.of(unique("erin"));
        store.hideCounters();
        try {
            store.transaction().executeWithoutResult(status -> {
                store.jdbc.sql("insert into school_class (id, name, time_zone) values (?, 'x', 'UTC')").param(classId).update();
                assertThatThrownBy(() -> limiter.blockedFor(erin)).isInstanceOf(LimitStoreUnavailableException.class);
                assertThatThrownBy(() -> limiter.tryAcquire(erin)).isInstanceOf(LimitStoreUnavailableException.class);
                store.jdbc.sql("update school_class set name = 'after the failure' where id = ?").param(classId).update();
            });
            assertThatThrownBy(() -> limiter.tryAcquire(erin)).isInstanceOf(LimitStoreUnavailableException.class);
        }
        finally {
            store.restoreCounters();
        }
        assertThat(store.jdbc.sql("select name from school_class where id = ?").param(classId).query(String.class).single())
                .isEqualTo("after the failure");
        assertThat(limiter.tryAcquire(erin)).isEmpty();
        assertThat(limiter.tryAcquire(erin)).isEmpty();
        logger.detachAppender(logged);
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(logged.list.get(0).getFormattedMessage()).contains("unavailable").contains("503");
        assertThat(logged.list.get(1).getFormattedMessage()).contains("answer again (3 operations failed");
    }
}
