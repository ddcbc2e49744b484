package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionsPerUserTest {

    @Test
    void concurrentTakesAdmitExactlyTheLimitAndReleasesFreeSlots() throws Exception {
        SessionsPerUser perUser = new SessionsPerUser(5);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 50; i++) {
                threads.execute(() -> {
                    try {
                        start.await();
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (perUser.take("alice")) {
                        admitted.incrementAndGet();
                    }
                });
            }
            start.countDown();
        }
        finally {
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(admitted).hasValue(5);
        assertThat(perUser.hasRoomFor("alice")).isFalse();
        assertThat(perUser.take("bob")).as("another user has a count of their own").isTrue();

        perUser.release("alice");
        assertThat(perUser.hasRoomFor("alice")).isTrue();
        assertThat(perUser.take("alice")).isTrue();
        assertThat(perUser.take("alice")).isFalse();
    }

    @Test
    void aUserWhoseSessionsAllEndedHoldsNoEntry() {
        SessionsPerUser perUser = new SessionsPerUser(3);
        perUser.take("alice");
        perUser.take("alice");
        perUser.take("bob");
        perUser.release("alice");
        perUser.release("alice");
        perUser.release("alice");
        assertThat(perUser.users()).isEqualTo(1);
        perUser.release("bob");
        assertThat(perUser.users()).isZero();
    }
}
