package com.attendancelive.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.MutableClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A flood of 100,000 distinct user names, each from an address of its own (200,000 subjects):
 * the cleanup keeps the table at {@code max-tracked-keys}, the counter that locks the attacked
 * user out survives it, expired windows go, and the heap does not grow with the names.
 */
@Tag("slow")
class AttemptCounterBoundTest {

    private static final int NAMES = 100_000;
    private static final int MAX_TRACKED = 10_000;
    private static final int CLEANUP_EVERY = 10_000;

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgres" })
    void aFloodOfDistinctNamesLeavesTheTableBoundedAndTheHeapFlat(String database) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
        try (LimitStore store = database.equals("h2") ? LimitStore.h2() : LimitStore.postgres()) {
            LimitsProperties properties = new LimitsProperties(MAX_TRACKED, Duration.ofMinutes(1), Duration.ofSeconds(5), 4);
            AttemptLimiter limiter = store.limiter(clock, properties);
            AttemptCounterCleanup cleanup = new AttemptCounterCleanup(limiter, properties);
            Limit perUser = new Limit("login-user", 5, Duration.ofMinutes(5));
            Limit perAddress = new Limit("login-address", 20, Duration.ofMinutes(5));

            Limit.Key victim = perUser.of("victim");
            for (int i = 0; i < 5; i++) {
                limiter.tryAcquire(List.of(victim, perAddress.of("10.9.9." + i)));
            }
            assertThat(limiter.blockedFor(victim)).isPresent();
            long heapBefore = liveHeap();

            long mostRows = 0;
            long evicted = 0;
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                for (int first = 0; first < NAMES; first += CLEANUP_EVERY) {
                    List<Future<?>> chunk = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int from = first + t * CLEANUP_EVERY / 4;
                        chunk.add(threads.submit(() -> {
                            for (int i = from; i < from + CLEANUP_EVERY / 4; i++) {
                                limiter.tryAcquire(List.of(perUser.of("sprayed-" + i), perAddress.of("10." + (i >> 16) + "."
                                        + ((i >> 8) & 255) + "." + (i & 255))));
                            }
                        }));
                    }
                    for (Future<?> done : chunk) {
                        done.get();
                    }
                    clock.advance(Duration.ofSeconds(1));
                    mostRows = Math.max(mostRows, store.rows());
                    evicted += cleanup.cleanUp().evicted();
                    assertThat(store.rows()).as("after a cleanup").isLessThanOrEqualTo(MAX_TRACKED);
                }
            }
            finally {
                threads.shutdownNow();
            }
            long heapGrowth = liveHeap() - heapBefore;
            System.out.printf("[AttemptCounterBoundTest] %s: %,d names and %,d addresses; at most %,d rows between"
                    + " cleanups, %,d after; %,d evicted; live heap %+.1f MB%n", database, NAMES, NAMES, mostRows,
                    store.rows(), evicted, heapGrowth / 1e6);

            assertThat(mostRows).as("rows between two cleanups: the cap plus what one interval adds")
                    .isLessThanOrEqualTo(MAX_TRACKED + 2L * CLEANUP_EVERY);
            assertThat(evicted).isGreaterThanOrEqualTo(2L * NAMES - MAX_TRACKED);
            assertThat(limiter.blockedFor(victim)).as("the counter that locks the victim out is evicted last").isPresent();
            if (store.isPostgres()) {
                // Nothing per name is kept in the JVM (H2 in memory keeps its rows in this heap, so only here).
                assertThat(heapGrowth).as("live heap growth, bytes").isLessThan(16_000_000L);
            }

            clock.advance(Duration.ofMinutes(5));
            AttemptCounterCleanup.Removed removed = cleanup.cleanUp();
            assertThat(removed.expired()).isEqualTo(MAX_TRACKED);
            assertThat(store.rows()).as("every window has ended").isZero();
        }
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
